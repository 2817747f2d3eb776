import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Secret } from '../../../config/secret.js';
import { WardError } from '../../../core/errors.js';
import { describeEachEngine } from '../../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext } from '../../../test-support/factories.js';
import { startFeedServer, type FeedServer } from '../../../test-support/feed-server.js';
import type { WardDatabase } from '../../../storage/open-database.js';
import type { IntelSyncSettings } from './intel-sync-settings.js';
import { anchorePageRecords, endoflifeV1, epssDailyGz, fkieRecords, kevCatalogJson, msrcJson, msrcUpdates, nvdPage } from './recorded-feeds.test-support.js';
import { intelStatus } from '../intel-status.js';
import { syncIntel } from './sync-intel.js';
import { nvdFirstSyncHint } from './sync-nvd.js';
import type { SourceSyncOutcome } from './sync-types.js';

const apiKey = 'nvd-key-0b7c41d2-never-print-me';

let server: FeedServer;
before(async () => {
  server = await startFeedServer();
});
after(() => server.close());

function settings(overrides: { apiKey?: string; products?: string[] } = {}): IntelSyncSettings {
  return {
    nvd: { url: `${server.base}/rest/json/cves/2.0`, apiKey: overrides.apiKey ? new Secret(overrides.apiKey) : null },
    kevUrl: `${server.base}/sites/default/files/feeds/known_exploited_vulnerabilities.json`,
    epssUrl: `${server.base}/epss_scores-current.csv.gz`,
    endoflife: { url: `${server.base}/api/v1`, products: overrides.products ?? ['windows', 'windows-server'] },
    msrcUrl: `${server.base}/cvrf/v3.0`,
    timeoutMs: 5_000,
  };
}

/** Waits are recorded and move the test's clock instead of sleeping. */
function harness(database: WardDatabase, start: string) {
  const clock = manualClock(new Date(start));
  const sleeps: number[] = [];
  const progress: string[] = [];
  return {
    clock,
    sleeps,
    progress,
    context: serviceContext(database, { clock }),
    dependencies: {
      sleep: (ms: number) => {
        sleeps.push(ms);
        clock.advance(ms);
        return Promise.resolve();
      },
      onProgress: (p: { source: string; message: string }) => progress.push(`${p.source}: ${p.message}`),
    },
  };
}

async function count(database: WardDatabase, table: 'cves' | 'intel_sources' | 'audit_log' | 'kev_entries' | 'epss_scores' | 'lifecycle_releases' | 'msrc_remediations'): Promise<number> {
  return Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
}

async function state(database: WardDatabase, source: string): Promise<string | undefined> {
  return (await database.db.selectFrom('intel_sync_state').select('synced_through').where('source', '=', source).executeTakeFirst())?.synced_through;
}

function only(outcomes: SourceSyncOutcome[]): SourceSyncOutcome {
  assert.equal(outcomes.length, 1, JSON.stringify(outcomes));
  return outcomes[0] as SourceSyncOutcome;
}

const nvdPath = '/rest/json/cves/2.0';
const json = { 'content-type': 'application/json' };

describeEachEngine('ward intel sync against recorded feeds', ({ database, it }) => {
  it('a first NVD sync without state or --since fetches nothing and says how to start', async () => {
    server.reset();
    const { context, dependencies } = harness(database(), '2023-10-19T00:00:00Z');
    const outcome = only(await syncIntel(context, operator, { sources: ['nvd'], settings: settings() }, dependencies));
    assert.deepEqual([outcome.status, outcome.message, outcome.syncedThrough, outcome.stored], ['skipped', nvdFirstSyncHint, null, 0]);
    assert.match(nvdFirstSyncHint, /ward intel sync --source nvd --since YYYY-MM-DD/);
    assert.deepEqual(server.seen, []);
    assert.equal(await count(database(), 'cves'), 0);
  });

  it('NVD: two pages through a 429 with Retry-After and a 503, with the API key header, stored in one window', async () => {
    server.reset();
    const records = anchorePageRecords();
    server.on(
      nvdPath,
      { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' },
      { headers: json, body: nvdPage(records.slice(0, 20), 0, 38) },
      { status: 503, body: 'maintenance' },
      { headers: json, body: nvdPage(records.slice(20), 20, 38) },
    );
    const { context, dependencies, sleeps } = harness(database(), '2023-10-19T00:00:00Z');
    const outcome = only(await syncIntel(context, operator, { sources: ['nvd'], since: new Date('2023-10-01T00:00:00Z'), settings: settings({ apiKey }) }, dependencies));
    assert.equal(outcome.status, 'synced', JSON.stringify(outcome));
    assert.equal(outcome.stored, 38);
    assert.equal(outcome.syncedThrough, '2023-10-19T00:00:00.000Z');

    const window = 'lastModStartDate=2023-10-01T00%3A00%3A00.000%2B00%3A00&lastModEndDate=2023-10-19T00%3A00%3A00.000%2B00%3A00';
    assert.deepEqual(server.seen.map((r) => `${r.path}?${r.url.searchParams.toString()}`), [
      `${nvdPath}?${window}&resultsPerPage=2000&startIndex=0`,
      `${nvdPath}?${window}&resultsPerPage=2000&startIndex=0`,
      `${nvdPath}?${window}&resultsPerPage=2000&startIndex=20`,
      `${nvdPath}?${window}&resultsPerPage=2000&startIndex=20`,
    ]);
    assert.ok(server.seen.every((r) => r.headers.apikey === apiKey), 'the apiKey header goes with every request');
    assert.deepEqual(sleeps, [1000, 6000], 'Retry-After: 1 honoured, then the 6 s back-off after the 503');

    const source = await database().db.selectFrom('intel_sources').selectAll().where('kind', '=', 'nvd').executeTakeFirstOrThrow();
    assert.equal(source.name, `${server.base}${nvdPath}?${window}`);
    assert.deepEqual([source.record_count, source.feed_date], [38, '2023-10-19T00:00:00.000Z']);
    assert.equal(await state(database(), 'nvd'), '2023-10-19T00:00:00.000Z');
    const audit = await database().db.selectFrom('audit_log').select(['action', 'object_id', 'details']).where('action', '=', 'intel.synced').execute();
    assert.deepEqual(audit.map((a) => [a.action, a.object_id]), [['intel.synced', 'nvd']]);

    const everything = JSON.stringify([outcome, await database().db.selectFrom('audit_log').selectAll().execute(), await database().db.selectFrom('intel_sources').selectAll().execute(), await database().db.selectFrom('intel_sync_state').selectAll().execute()]);
    assert.ok(!everything.includes(apiKey), 'the API key is in no result, audit row, source or state');
    assert.equal(JSON.stringify(settings({ apiKey })).includes(apiKey), false, 'nor in the settings printed as JSON');
  });

  it('NVD: the next sync asks only for changes since the last window, without a key header when none is set', async () => {
    server.reset();
    server.on(nvdPath, { headers: json, body: nvdPage(fkieRecords(), 0, 8, '2023-11-28T09:00:00.000') });
    const { context, dependencies } = harness(database(), '2023-11-28T09:00:00Z');
    const outcome = only(await syncIntel(context, operator, { sources: ['nvd'], settings: settings() }, dependencies));
    assert.deepEqual([outcome.status, outcome.stored, outcome.syncedThrough], ['synced', 8, '2023-11-28T09:00:00.000Z']);
    assert.equal(server.seen.length, 1);
    const asked = server.seen[0]?.url.searchParams;
    assert.deepEqual([asked?.get('lastModStartDate'), asked?.get('lastModEndDate')], ['2023-10-19T00:00:00.000+00:00', '2023-11-28T09:00:00.000+00:00']);
    assert.equal(server.seen[0]?.headers.apikey, undefined);
    const log4shell = await database().db.selectFrom('cves').select(['id', 'cvss_v3_score']).where('id', '=', 'CVE-2021-44228').executeTakeFirstOrThrow();
    assert.deepEqual(log4shell, { id: 'CVE-2021-44228', cvss_v3_score: 10 });
    assert.equal(await count(database(), 'cves'), 46);
    const nvd = (await intelStatus(context, operator)).feeds.find((f) => f.kind === 'nvd');
    assert.deepEqual([nvd?.records, nvd?.syncedThrough, nvd?.syncedAt], [46, '2023-11-28T09:00:00.000Z', '2023-11-28T09:00:00.000Z']);
  });

  it('NVD: a malformed page fails the window: nothing stored, state and sources unchanged', async () => {
    server.reset();
    const records = fkieRecords();
    // The second page loses a record's publication date; page one must not be stored either.
    const pageTwoBroken = records.slice(4).map((r, i) => (i === 1 ? { ...r, published: undefined } : r));
    server.on(nvdPath, { headers: json, body: nvdPage(records.slice(0, 4), 0, 8) }, { headers: json, body: nvdPage(pageTwoBroken, 4, 8) });
    const before = { cves: await count(database(), 'cves'), sources: await count(database(), 'intel_sources'), audit: await count(database(), 'audit_log'), state: await state(database(), 'nvd') };
    const { context, dependencies } = harness(database(), '2023-12-01T00:00:00Z');
    const outcome = only(await syncIntel(context, operator, { sources: ['nvd'], settings: settings() }, dependencies));
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error?.code, 'INGEST_UNREADABLE');
    assert.match(outcome.error?.message ?? '', new RegExp(`^${server.base.replace(/[.]/g, '\\.')}/rest/json/cves/2\\.0\\?.*startIndex=4 vulnerabilities\\[1\\] \\(CVE-2017-0147\\).*published`));
    assert.deepEqual(
      { cves: await count(database(), 'cves'), sources: await count(database(), 'intel_sources'), audit: await count(database(), 'audit_log'), state: await state(database(), 'nvd') },
      before,
    );
    assert.equal(outcome.syncedThrough, before.state);
  });

  it('NVD: a span over 120 days is split, and without a key at most 5 requests go out in 30 s', async () => {
    server.reset();
    const empty = nvdPage([], 0, 0, '2026-11-28T09:00:00.000');
    server.on(nvdPath, { headers: json, body: empty });
    const { context, dependencies, sleeps } = harness(database(), '2026-11-28T09:00:00Z');
    const since = new Date('2024-09-01T00:00:00Z');
    const outcome = only(await syncIntel(context, operator, { sources: ['nvd'], since, settings: settings() }, dependencies));
    const windows = server.seen.map((r) => [r.url.searchParams.get('lastModStartDate'), r.url.searchParams.get('lastModEndDate')]);
    assert.equal(windows.length, 7);
    assert.deepEqual(windows[0], ['2024-09-01T00:00:00.000+00:00', '2024-12-30T00:00:00.000+00:00']);
    assert.deepEqual(windows[6]?.[1], '2026-11-28T09:00:00.000+00:00');
    for (let k = 1; k < windows.length; k += 1) assert.equal(windows[k]?.[0], windows[k - 1]?.[1], 'windows are consecutive');
    assert.deepEqual(sleeps, [30_000], 'the sixth request waits for the first to leave the 30 s window');
    // Seven identical empty pages: the first is recorded as a source, the six others are recognised as the same content.
    assert.deepEqual([outcome.status, outcome.stored, outcome.documents.map((d) => d.status)], ['synced', 0, ['stored', ...Array<string>(6).fill('unchanged')]]);
    assert.equal(await state(database(), 'nvd'), '2026-11-28T09:00:00.000Z');

    // Re-syncing an earlier range with --since stores it but never moves the state back.
    const earlier = harness(database(), '2026-06-01T00:00:00Z');
    server.on(nvdPath, { headers: json, body: nvdPage(anchorePageRecords().slice(0, 2), 0, 2, '2026-06-01T00:00:00.000') });
    const resync = only(await syncIntel(earlier.context, operator, { sources: ['nvd'], since: new Date('2026-05-01T00:00:00Z'), settings: settings() }, earlier.dependencies));
    assert.deepEqual([resync.status, resync.syncedThrough], ['synced', '2026-11-28T09:00:00.000Z']);
  });

  it('an unreachable server and a 404 are UPSTREAM_FAILED naming the URL and status; the state stays', async () => {
    server.reset();
    const { context, dependencies, sleeps } = harness(database(), '2026-11-29T00:00:00Z');
    const closed = await startFeedServer();
    await closed.close();
    const down = { ...settings(), kevUrl: `${closed.base}/feeds/kev.json` };
    const kev = only(await syncIntel(context, operator, { sources: ['kev'], settings: down }, dependencies));
    assert.equal(kev.error?.code, 'UPSTREAM_FAILED');
    assert.equal(kev.error?.message, `GET ${closed.base}/feeds/kev.json failed after 5 attempts: fetch failed: ECONNREFUSED`);
    assert.deepEqual(sleeps, [6000, 12000, 24000, 48000]);
    const missing = only(await syncIntel(context, operator, { sources: ['epss'], settings: settings() }, dependencies));
    assert.equal(missing.error?.message, `GET ${server.base}/epss_scores-current.csv.gz failed: HTTP 404 Not Found`);
    assert.equal(await state(database(), 'kev'), undefined);
  });

  it('KEV (gzip transfer encoding), EPSS (.csv.gz), endoflife.date v1 and MSRC CVRF JSON sync and are audited', async () => {
    server.reset();
    server.on('/sites/default/files/feeds/known_exploited_vulnerabilities.json', { headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(kevCatalogJson()) });
    server.on('/epss_scores-current.csv.gz', { headers: { 'content-type': 'application/gzip' }, body: epssDailyGz() });
    server.on('/api/v1/products/windows', { headers: json, body: endoflifeV1('windows') });
    server.on('/api/v1/products/windows-server', { headers: json, body: endoflifeV1('windows-server') });
    const msrcBase = `${server.base}/cvrf/v3.0`;
    const months = [
      { id: '2017-Jan', initial: '2017-01-10T08:00:00Z' },
      { id: '2017-Mar', initial: '2017-03-14T07:00:00Z' },
      { id: '2017-May', initial: '2017-05-09T07:00:00Z' },
    ];
    server.on('/cvrf/v3.0/updates', { headers: json, body: msrcUpdates(msrcBase, months) });
    server.on('/cvrf/v3.0/cvrf/2017-Mar', { headers: json, body: msrcJson('2017-Mar') });
    server.on('/cvrf/v3.0/cvrf/2017-May', { headers: json, body: msrcJson('2017-May') });

    // 20 April 2017: a first MSRC sync takes this month's and last month's documents (only March exists).
    const { context, dependencies, progress } = harness(database(), '2017-04-20T12:00:00Z');
    const outcomes = await syncIntel(context, operator, { sources: ['kev', 'epss', 'endoflife', 'msrc'], settings: settings({ products: ['windows', 'windows-server', 'no-such-product'] }) }, dependencies);
    assert.deepEqual(outcomes.map((o) => [o.source, o.status, o.stored]), [['kev', 'synced', 1674], ['epss', 'synced', 5], ['endoflife', 'synced', 71 - 4], ['msrc', 'synced', 135]]);
    assert.deepEqual([await count(database(), 'kev_entries'), await count(database(), 'epss_scores'), await count(database(), 'lifecycle_releases'), await count(database(), 'msrc_remediations')], [1674, 5, 67, 2406]);
    assert.deepEqual(outcomes[2]?.warnings, [`endoflife.date has no product "no-such-product" (${server.base}/api/v1/products/no-such-product: HTTP 404); check WARD_ENDOFLIFE_PRODUCTS`]);
    const msrcAsked = server.seen.filter((r) => r.path.startsWith('/cvrf/'));
    assert.deepEqual(msrcAsked.map((r) => `${r.path}?${r.url.searchParams.toString()}`), ['/cvrf/v3.0/updates?api-version=2023-11-01', '/cvrf/v3.0/cvrf/2017-Mar?api-version=2023-11-01']);
    assert.ok(msrcAsked.every((r) => r.headers.accept === 'application/json'));
    const epss = await database().db.selectFrom('epss_scores').select(['model_version', 'score_date']).where('cve_id', '=', 'CVE-2021-44228').executeTakeFirstOrThrow();
    assert.equal(epss.model_version, 'v2025.03.14');
    const win10 = await database().db.selectFrom('lifecycle_releases').select(['eol', 'extended_support_end']).where('product', '=', 'windows').where('cycle', '=', '10-22h2').executeTakeFirstOrThrow();
    assert.deepEqual(win10, { eol: '2025-10-14', extended_support_end: '2028-10-10' });
    const kb = await database().db.selectFrom('msrc_remediations').select('release_date').where('cve_id', '=', 'CVE-2017-0144').where('kb', '=', '4012212').execute();
    assert.ok(kb.length > 0 && kb.every((r) => r.release_date === '2017-03-14'));
    const sources = await database().db.selectFrom('intel_sources').select(['kind', 'name']).where('kind', 'in', ['kev', 'msrc']).orderBy('kind').execute();
    assert.deepEqual(sources, [
      { kind: 'kev', name: `${server.base}/sites/default/files/feeds/known_exploited_vulnerabilities.json` },
      { kind: 'msrc', name: `${msrcBase}/cvrf/2017-Mar?api-version=2023-11-01` },
    ]);
    const audited = await database().db.selectFrom('audit_log').select('object_id').where('action', '=', 'intel.synced').where('object_id', '!=', 'nvd').orderBy('seq').execute();
    assert.deepEqual(audited.map((a) => a.object_id), ['kev', 'epss', 'endoflife', 'msrc']);
    assert.ok(progress.some((p) => p.startsWith('endoflife: product 3 of 3')));

    // A month later: KEV unchanged; MSRC asks only what was released or revised since the last sync.
    context.clock = manualClock(new Date('2017-05-20T12:00:00Z'));
    server.seen.length = 0;
    const second = await syncIntel(context, operator, { sources: ['kev', 'msrc'], settings: settings() }, dependencies);
    assert.deepEqual(second.map((o) => [o.source, o.status, o.documents.map((d) => d.status)]), [['kev', 'unchanged', ['unchanged']], ['msrc', 'synced', ['stored']]]);
    assert.deepEqual(server.seen.filter((r) => r.path.startsWith('/cvrf/v3.0/cvrf/')).map((r) => r.path), ['/cvrf/v3.0/cvrf/2017-May']);
    assert.equal(await state(database(), 'kev'), '2017-05-20T12:00:00.000Z');
  });

  it('a feed URL that serves something else is refused by name and stores nothing', async () => {
    server.reset();
    server.on('/epss_scores-current.csv.gz', { headers: json, body: kevCatalogJson() });
    const before = await count(database(), 'intel_sources');
    const { context, dependencies } = harness(database(), '2026-11-29T00:00:00Z');
    const outcome = only(await syncIntel(context, operator, { sources: ['epss'], settings: settings() }, dependencies));
    assert.deepEqual([outcome.status, outcome.error?.code, outcome.error?.message], ['failed', 'INGEST_UNKNOWN_FORMAT', `${server.base}/epss_scores-current.csv.gz: expected epss data, got kev data`]);
    assert.equal(await count(database(), 'intel_sources'), before);
  });

  it('only a national admin (or the system) syncs; an unknown source or a future --since is refused', async () => {
    const context = serviceContext(database());
    const organisation = await makeOrganisation(context);
    const user = await makeUser(context, 'org-admin', { organisation });
    await assert.rejects(syncIntel(context, { principal: user.principal }, { settings: settings() }), (e: unknown) => e instanceof WardError && e.code === 'FORBIDDEN');
    await assert.rejects(syncIntel(context, operator, { sources: ['nope' as 'nvd'], settings: settings() }), (e: unknown) => e instanceof WardError && e.code === 'INVALID_INPUT');
    await assert.rejects(syncIntel(context, operator, { since: new Date(Date.now() + 86_400_000), settings: settings() }), (e: unknown) => e instanceof WardError && e.code === 'INVALID_INPUT');
  });
});
