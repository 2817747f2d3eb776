import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The real Qualys asset report (DefectDojo sample) whose hosts 64.41.200.246 and .249 have QID 91345, MS17-010. */
export const qualysSamplePath = fileURLToPath(new URL('../../ingest/formats/testdata/qualys-asset-report/Qualys_Sample_Report.xml', import.meta.url));
export const ms17010Qid = '91345';
export const ms17010Cves = ['CVE-2017-0143', 'CVE-2017-0144', 'CVE-2017-0145', 'CVE-2017-0146', 'CVE-2017-0147', 'CVE-2017-0148'];

/**
 * A later scan derived from the real report (see testdata/SOURCES.md): the MS17-010 detection
 * (QID 91345) removed from the hosts given as fixed, and the generation time moved, so it is a new
 * file. Everything else is the real report byte for byte.
 */
export function derivedQualysReport(path: string, options: { fixedHosts: string[]; generatedAt: string }): string {
  const original = readFileSync(qualysSamplePath, 'utf8');
  let out = original.replace(/<GENERATION_DATETIME>[^<]*<\/GENERATION_DATETIME>/, `<GENERATION_DATETIME>${options.generatedAt}</GENERATION_DATETIME>`);
  out = out.replace(/<HOST>[\s\S]*?<\/HOST>/g, (host) => {
    const ip = /<IP>([^<]+)<\/IP>/.exec(host)?.[1] ?? '';
    if (!options.fixedHosts.includes(ip)) return host;
    return host.replace(new RegExp(`\\s*<VULN_INFO>\\s*<QID id="qid_${ms17010Qid}">${ms17010Qid}</QID>[\\s\\S]*?</VULN_INFO>`, 'g'), '');
  });
  if (out === original) throw new Error('derivation changed nothing');
  writeFileSync(path, out);
  return path;
}
