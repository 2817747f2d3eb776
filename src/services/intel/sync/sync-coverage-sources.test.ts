import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { zipSync } from 'fflate';
import { Secret } from '../../../config/secret.js';
import { describeEachEngine } from '../../../test-support/engines.js';
import { manualClock, operator, serviceContext } from '../../../test-support/factories.js';
import { startFeedServer, type FeedServer } from '../../../test-support/feed-server.js';
import { loadIntelFiles } from '../load-intel-files.js';
import { intelTestFile, kevFile } from '../intel-test-support.js';
import { testdataBytes } from './recorded-feeds.test-support.js';
import { cvelistPath } from './sync-coverage-sources.js';
import { syncIntel } from './sync-intel.js';
import type { IntelSyncSettings } from './intel-sync-settings.js';

let server: FeedServer;
before(async () => {
  server = await startFeedServer();
});
after(() => server.close());

const settings = (): IntelSyncSettings => ({
  nvd: { url: `${server.base}/nvd`, apiKey: new Secret('unused') },
  kevUrl: `${server.base}/kev.json`,
  epssUrl: `${server.base}/epss.csv.gz`,
  endoflife: { url: `${server.base}/eol`, products: [] },
  msrcUrl: `${server.base}/msrc`,
  coverage: { cve5Url: `${server.base}/cvelistV5/cves`, osvUrl: `${server.base}/osv`, osvEcosystems: ['Ubuntu', 'AlmaLinux', 'Debian'], kevGapLimit: 5000 },
  timeoutMs: 5_000,
});

// cvelistV5's deltaLog.json layout (fetchTime, numberOfChanges, new[], updated[], error[]); the two
// entries are CONSTRUCTED around real record ids, the records served are the real files.
const deltaLog = (base: string) => JSON.stringify([
  { fetchTime: '2025-02-07T17:05:00.000Z', numberOfChanges: 1, new: [], updated: [{ cveId: 'CVE-2025-0411', cveOrgLink: 'https://www.cve.org/CVERecord?id=CVE-2025-0411', githubLink: `${base}/cvelistV5/cves/2025/0xxx/CVE-2025-0411.json`, dateUpdated: '2025-02-07T17:02:53.675Z' }], error: [] },
  { fetchTime: '2024-06-09T19:50:00.000Z', numberOfChanges: 1, new: [{ cveId: 'CVE-2024-4577', cveOrgLink: 'https://www.cve.org/CVERecord?id=CVE-2024-4577', githubLink: `${base}/cvelistV5/cves/2024/4xxx/CVE-2024-4577.json`, dateUpdated: '2024-06-09T19:42:36.464Z' }], updated: [], error: [] },
]);

describeEachEngine('ward intel sync: CVE 5 (cvelistV5, with Vulnrichment) and OSV from recorded responses', ({ database, it }) => {
  it('stores the delta log\'s records and the KEV gaps\' records, then each distribution\'s all.zip', async () => {
    server.reset();
    const clock = manualClock(new Date('2026-08-22T08:00:00Z'));
    const context = serviceContext(database(), { clock });
    await loadIntelFiles(context, operator, { files: [intelTestFile(kevFile)] });
    server.on('/cvelistV5/cves/deltaLog.json', { body: deltaLog(server.base), headers: { 'content-type': 'application/json' } });
    for (const id of ['CVE-2024-4577', 'CVE-2025-0411', 'CVE-2024-45519']) server.on(`/cvelistV5/cves/${cvelistPath(id)}`, { body: testdataBytes(`cve5/${id}.json`) });
    server.on('/osv/Ubuntu/all.zip', { body: Buffer.from(zipSync({ 'UBUNTU-CVE-2024-3094.json': testdataBytes('osv/UBUNTU-CVE-2024-3094.json') })) });
    server.on('/osv/AlmaLinux/all.zip', { body: Buffer.from(zipSync({ 'ALSA-2022:5267.json': testdataBytes('osv/ALSA-2022-5267.json') })) });

    const outcomes = await syncIntel(context, operator, { sources: ['cve5', 'osv'], settings: settings() }, { sleep: () => Promise.resolve() });
    const [cve5, osv] = outcomes;
    assert.equal(cve5?.status, 'synced', JSON.stringify(cve5));
    assert.equal(cve5?.stored, 3);
    // The two delta-log records and Zimbra's, a KEV entry no source could detect; every other KEV gap is a 404 warning.
    assert.ok(server.seen.some((r) => r.path === '/cvelistV5/cves/2024/45xxx/CVE-2024-45519.json'));
    assert.ok(cve5?.warnings.some((w) => /HTTP 404/.test(w)));
    assert.equal(cve5?.syncedThrough, '2025-02-07T17:05:00.000Z');
    assert.equal(osv?.status, 'synced', JSON.stringify(osv));
    assert.equal(osv?.documents.filter((d) => d.status === 'stored').length, 2);
    assert.deepEqual(osv?.warnings, [`OSV has no ecosystem "Debian" (${server.base}/osv/Debian/all.zip: HTTP 404); check WARD_OSV_ECOSYSTEMS`]);

    const held = await context.database.db.selectFrom('cve5_records').select('id').orderBy('id').execute();
    assert.deepEqual(held.map((r) => r.id), ['CVE-2024-45519', 'CVE-2024-4577', 'CVE-2025-0411']);
    const packages = await context.database.db.selectFrom('osv_packages').select('osv_id').distinct().orderBy('osv_id').execute();
    assert.deepEqual(packages.map((p) => p.osv_id), ['ALSA-2022:5267', 'UBUNTU-CVE-2024-3094']);
    const audit = await context.database.db.selectFrom('audit_log').select('action').where('action', '=', 'intel.synced').execute();
    assert.equal(audit.length, 2);

    // A second run: the delta log has nothing newer than the state, the stored records are no longer gaps.
    server.seen.length = 0;
    const again = await syncIntel(context, operator, { sources: ['cve5'], settings: { ...settings(), coverage: { ...settings().coverage!, kevGapLimit: 0 } } }, { sleep: () => Promise.resolve() });
    assert.equal(again[0]?.status, 'unchanged', JSON.stringify(again));
    assert.deepEqual(server.seen.map((r) => r.path), ['/cvelistV5/cves/deltaLog.json']);
  });
});
