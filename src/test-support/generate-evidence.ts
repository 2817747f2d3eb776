import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A device inventory CSV of `rows` invented devices (Ward's columns), written as a stream so tests
 * and the benchmark can make files of any size. Each row gives one asset and three observations.
 */
export async function writeInventoryCsv(path: string, rows: number, options: { prefix?: string } = {}): Promise<void> {
  const prefix = options.prefix ?? 'GEN';
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('hostname,serial,os_name,os_version,os_build,device_type,last_seen,owner,encryption,av_product,av_signature_date,in_scope\n');
  for (let i = 1; i <= rows; i += 1) {
    const n = String(i).padStart(7, '0');
    await write(`${prefix}-WS-${n},SN${prefix}${n},Microsoft Windows 11 Enterprise,23H2,10.0.22631.${3000 + (i % 500)},Desktop,2026-11-${String(1 + (i % 27)).padStart(2, '0')}T09:00:00Z,"User ${i}, Ward Trust",Yes,Microsoft Defender Antivirus,2026-11-01,Yes\n`);
  }
  out.end();
  await once(out, 'finish');
}
