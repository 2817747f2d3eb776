import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { collect, countKinds, ofKind } from './xml-format-test-support.js';
import { nessusFormat } from './nessus.js';
import { writeNessusReport } from './nessus-generator.js';

async function generate(targetBytes: number, seed: number): Promise<{ bytes: Buffer; counts: Awaited<ReturnType<typeof writeNessusReport>> }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const counts = await writeNessusReport(sink, { targetBytes, seed });
  sink.end();
  return { bytes: Buffer.concat(chunks), counts };
}

describe('nessus generator', () => {
  it('writes what it reports, and the parser reads back exactly those counts', async () => {
    const { bytes, counts } = await generate(3_000_000, 7);
    assert.equal(bytes.length, counts.bytes);
    assert.ok(counts.bytes >= 2_900_000 && counts.bytes <= 3_000_000, `size ${counts.bytes}`);
    const records = await collect(nessusFormat.parse(PassThrough.from([bytes]), { fileName: 'generated.nessus' }));
    assert.deepEqual(countKinds(records), {
      asset: counts.hosts,
      finding: counts.items,
      software: counts.software,
      service: counts.services,
      warning: 0,
    });
    const findings = ofKind(records, 'finding');
    assert.equal(findings.reduce((sum, finding) => sum + finding.cves.length, 0), counts.cves);
    const levels = ['info', 'low', 'medium', 'high', 'critical'];
    assert.equal(
      findings.filter((finding) => !['11219', '45590', '20811', '22869', '19506'].includes(finding.checkId)).reduce((sum, finding) => sum + levels.indexOf(finding.severity), 0),
      counts.severitySum,
    );
    assert.ok(findings.some((finding) => finding.output?.includes('Vendor & Co\\app.exe \u00e9')), 'entities decoded');
    const sources = new Set(ofKind(records, 'software').map((software) => software.source));
    assert.deepEqual([...sources].sort(), ['nessus:20811', 'nessus:22869', 'nessus:45590']);
    assert.ok(ofKind(records, 'software').some((software) => software.packageType === 'rpm'), 'rpm lists');
    assert.ok(ofKind(records, 'software').some((software) => software.packageType === 'deb'), 'dpkg lists');
  });

  it('is deterministic for a seed', async () => {
    const first = await generate(200_000, 11);
    const second = await generate(200_000, 11);
    const other = await generate(200_000, 12);
    assert.ok(first.bytes.equals(second.bytes));
    assert.ok(!first.bytes.equals(other.bytes));
  });
});
