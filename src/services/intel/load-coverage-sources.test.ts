import assert from 'node:assert/strict';
import { describe, it as plainIt } from 'node:test';
import { zipSync } from 'fflate';
import { describeEachEngine } from '../../test-support/engines.js';
import { operator, serviceContext } from '../../test-support/factories.js';
import { intelTestFile } from './intel-test-support.js';
import { loadIntelFiles, type IntelFileOutcome } from './load-intel-files.js';
import { readIntelFile } from './read-intel-file.js';

const cve5 = ['cve5/CVE-2024-4577.json', 'cve5/CVE-2024-45519.json', 'cve5/CVE-2025-0411.json'].map(intelTestFile);
const osv = ['osv/UBUNTU-CVE-2024-3094.json', 'osv/ALSA-2022-5267.json'].map(intelTestFile);
const zip = (files: Record<string, Uint8Array>): Uint8Array => zipSync(files);
const loaded = (o: IntelFileOutcome | undefined) => (o?.status === 'loaded' ? [o.kind, o.records, o.counts] : o);

describe('reading CVE 5 and OSV files by content', () => {
  plainIt('recognises one record, an array, the cvelistV5 bulk zip with its nested cves.zip, and an OSV all.zip', () => {
    assert.equal(readIntelFile('CVE-2024-4577.json', cve5[0]?.bytes ?? new Uint8Array()).kind, 'cve5');
    const array = Buffer.from(`[${cve5.map((f) => Buffer.from(f.bytes).toString('utf8')).join(',')}]`);
    const fromArray = readIntelFile('bundle.json', array);
    assert.equal(fromArray.kind === 'cve5' && fromArray.records.length, 3);
    // The CVE Program's release asset is a zip holding cves.zip, which holds cves/YYYY/NNxxx/CVE-….json.
    const inner = zip(Object.fromEntries(cve5.map((f) => [`cves/2024/x/${f.name}`, f.bytes])));
    const bulk = readIntelFile('all_CVEs_at_midnight.zip', zip({ 'cves.zip': inner, 'README.md': Buffer.from('notes') }));
    assert.deepEqual(bulk.kind === 'cve5' && bulk.records.map((r) => r.id).sort(), ['CVE-2024-45519', 'CVE-2024-4577', 'CVE-2025-0411']);
    const all = readIntelFile('all.zip', zip(Object.fromEntries<Uint8Array>([...osv.map((f): [string, Uint8Array] => [f.name, f.bytes]), ['broken.json', Buffer.from('{')]])));
    assert.equal(all.kind, 'osv');
    assert.deepEqual(all.kind === 'osv' && all.warnings, ['all.zip!broken.json: not valid JSON']);
  });

  plainIt('refuses a zip mixing CVE 5 and OSV records, and a zip with neither', () => {
    assert.throws(() => readIntelFile('mixed.zip', zip({ a: cve5[0]?.bytes ?? new Uint8Array(), 'b.json': osv[0]?.bytes ?? new Uint8Array(), 'a.json': cve5[0]?.bytes ?? new Uint8Array() })), /both CVE JSON 5 \(1\) and OSV \(1\)/);
    assert.throws(() => readIntelFile('empty.zip', zip({ 'x.txt': Buffer.from('x') })), (e: Error) => /without CVE JSON 5 or OSV records/.test(e.message));
  });
});

describeEachEngine('loading CVE 5 and OSV records', ({ database, it }) => {
  it('stores records, their product and package index, and skips an older copy', async () => {
    const context = serviceContext(database());
    const outcomes = await loadIntelFiles(context, operator, { files: [...cve5, ...osv] });
    assert.deepEqual(outcomes.map(loaded), [
      ['cve5', 1, { stored: 1, stale: 0, products: 3, vulnrichment: 1 }],
      ['cve5', 1, { stored: 1, stale: 0, products: 2, vulnrichment: 1 }],
      ['cve5', 1, { stored: 1, stale: 0, products: 1, vulnrichment: 1 }],
      ['osv', 1, { stored: 1, stale: 0, packages: 24, skippedEcosystems: 0 }],
      ['osv', 1, { stored: 1, stale: 0, packages: 12, skippedEcosystems: 0 }],
    ]);
    const php = await context.database.db.selectFrom('cve5_records').selectAll().where('id', '=', 'CVE-2024-4577').executeTakeFirstOrThrow();
    assert.deepEqual([php.cvss_score, php.cvss_source, php.ssvc_exploitation, php.ssvc_automatable, php.kev_date_added], [9.8, 'cna', 'active', 'yes', '2024-06-12']);
    const products = await context.database.db.selectFrom('cve5_products').select(['origin', 'vendor', 'product', 'via']).where('cve_id', '=', 'CVE-2024-4577').orderBy('origin').orderBy('via').execute();
    assert.deepEqual(products, [
      { origin: 'adp', vendor: 'php_group', product: 'php', via: 'cpe' },
      { origin: 'adp', vendor: 'php_group', product: 'php', via: 'name' },
      { origin: 'cna', vendor: 'php_group', product: 'php', via: 'name' },
    ]);
    const lzma = await context.database.db.selectFrom('osv_packages').select(['osv_id', 'distro']).where('package', '=', 'liblzma5').orderBy('distro').execute();
    assert.deepEqual(lzma.map((r) => r.distro), ['ubuntu:20.04', 'ubuntu:22.04', 'ubuntu:24.04']);
    const cves = await context.database.db.selectFrom('osv_cves').select('cve_id').where('osv_id', '=', 'ALSA-2022:5267').orderBy('cve_id').execute();
    assert.equal(cves.length, 4);
    // A CVE 5 bundle holding an OLDER copy of a stored record changes nothing.
    const older = JSON.parse(Buffer.from(cve5[0]?.bytes ?? new Uint8Array()).toString('utf8')) as { cveMetadata: { dateUpdated: string } };
    older.cveMetadata.dateUpdated = '2024-06-09T00:00:00.000Z';
    const [again] = await loadIntelFiles(context, operator, { files: [{ name: 'older.json', bytes: Buffer.from(JSON.stringify([older])) }] });
    assert.deepEqual(loaded(again), ['cve5', 1, { stored: 0, stale: 1, products: 0, vulnrichment: 0 }]);
  });
});
