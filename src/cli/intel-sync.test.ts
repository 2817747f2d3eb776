import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { anchorePageRecords, kevCatalogJson, nvdPage } from '../services/intel/sync/recorded-feeds.test-support.js';
import type { SourceSyncOutcome } from '../services/intel/sync/sync-types.js';
import { describeEachEngine } from '../test-support/engines.js';
import { startFeedServer, type FeedServer } from '../test-support/feed-server.js';
import { runCli } from '../test-support/run-cli.js';

const apiKey = 'nvd-cli-key-5f1e9a70-never-print-me';

let server: FeedServer;
before(async () => {
  server = await startFeedServer();
});
after(() => server.close());

const feedEnv = () => ({
  WARD_NVD_URL: `${server.base}/rest/json/cves/2.0`,
  WARD_KEV_URL: `${server.base}/kev.json`,
  WARD_EPSS_URL: `${server.base}/epss.csv.gz`,
  WARD_ENDOFLIFE_URL: `${server.base}/api/v1`,
  WARD_MSRC_URL: `${server.base}/cvrf/v3.0`,
});

describeEachEngine('ward intel sync', ({ url, database, it }) => {
  it('without NVD state it fetches nothing from the NVD and says how to start', async () => {
    server.reset();
    const result = await runCli(['--db', url(), 'intel', 'sync', '--source', 'nvd'], { env: feedEnv() });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^SKIPPED +nvd: 0 records stored/m);
    assert.match(result.stdout, /run `ward intel sync --source nvd --since YYYY-MM-DD`/);
    assert.deepEqual(server.seen, []);
  });

  it('--since with an API key: every request carries it, and it appears in no output, audit row or stored source', async () => {
    server.reset();
    const records = anchorePageRecords();
    // The CLI runs on the real clock: from 2025-01-01 that is several 120-day windows, each served the same two pages.
    server.fallback((request) => {
      const start = Number(request.url.searchParams.get('startIndex'));
      return { headers: { 'content-type': 'application/json' }, body: start === 0 ? nvdPage(records.slice(0, 20), 0, 38) : nvdPage(records.slice(20), 20, 38) };
    });
    server.on('/kev.json', { headers: { 'content-type': 'application/json' }, body: kevCatalogJson() });
    const result = await runCli(['--db', url(), '--json', 'intel', 'sync', '--source', 'nvd', 'kev', '--since', '2025-01-01'], { env: { ...feedEnv(), WARD_NVD_API_KEY: apiKey } });
    assert.equal(result.code, 0, result.stderr);
    const { sources } = JSON.parse(result.stdout) as { sources: SourceSyncOutcome[] };
    assert.deepEqual(sources.map((s) => [s.source, s.status]), [['nvd', 'synced'], ['kev', 'synced']]);
    assert.equal(sources[0]?.stored, 38, 'the first window stored the 38 CVEs; the later windows served the same pages and are unchanged');
    assert.equal(sources[1]?.stored, 1674);
    const nvdRequests = server.seen.filter((r) => r.path === '/rest/json/cves/2.0');
    assert.ok(nvdRequests.length >= 8 && nvdRequests.length % 2 === 0, `two pages per window, got ${nvdRequests.length} requests`);
    assert.equal(nvdRequests[0]?.url.searchParams.get('lastModStartDate'), '2025-01-01T00:00:00.000+00:00');
    assert.ok(nvdRequests.every((r) => r.headers.apikey === apiKey));
    assert.equal(server.seen.find((r) => r.path === '/kev.json')?.headers.apikey, undefined, 'the NVD key goes to the NVD only');

    const stored = JSON.stringify([
      await database().db.selectFrom('audit_log').selectAll().execute(),
      await database().db.selectFrom('intel_sources').selectAll().execute(),
      await database().db.selectFrom('intel_sync_state').selectAll().execute(),
    ]);
    for (const text of [result.stdout, result.stderr, stored]) assert.ok(!text.includes(apiKey));

    const status = await runCli(['--db', url(), 'intel', 'status'], { env: { ...feedEnv(), WARD_NVD_API_KEY: apiKey } });
    assert.ok(!status.stdout.includes(apiKey) && !status.stderr.includes(apiKey));
  });

  it('a failing source exits 10 naming the URL and status on stderr; the others still sync', async () => {
    server.reset();
    server.on('/kev.json', { status: 500, body: 'internal error' });
    server.on('/epss.csv.gz', { status: 200, headers: { 'content-type': 'text/csv' }, body: '#model_version:v2025.03.14,score_date:2026-08-22T00:00:00+0000\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\n' });
    const result = await runCli(['--db', url(), 'intel', 'sync', '--source', 'kev,epss'], { env: feedEnv() });
    assert.equal(result.code, 10, result.stderr);
    assert.match(result.stderr, new RegExp(`kev: GET ${server.base}/kev\\.json failed: HTTP 500 Internal Server Error`));
    assert.match(result.stdout, /^FAILED +kev: GET .*HTTP 500/m);
    assert.match(result.stdout, /^SYNCED +epss: 1 records stored from 1 document\(s\)/m);
  });

  it('a malformed page exits 7 and stores nothing; a bad --source or --since exits 2', async () => {
    server.reset();
    server.fallback(() => ({ headers: { 'content-type': 'application/json' }, body: '{"resultsPerPage": 20, "startIndex": 0, "totalResults": 38, "vulnerabilities": [' }));
    const before = await database().db.selectFrom('intel_sync_state').selectAll().where('source', '=', 'nvd').executeTakeFirst();
    const result = await runCli(['--db', url(), '--json', 'intel', 'sync', '--source', 'nvd'], { env: feedEnv() });
    assert.equal(result.code, 7, result.stderr);
    const { sources } = JSON.parse(result.stdout) as { sources: SourceSyncOutcome[] };
    assert.equal(sources[0]?.error?.code, 'INGEST_UNREADABLE');
    assert.match(sources[0]?.error?.message ?? '', /startIndex=0: not valid JSON/);
    assert.deepEqual(await database().db.selectFrom('intel_sync_state').selectAll().where('source', '=', 'nvd').executeTakeFirst(), before);

    assert.equal((await runCli(['--db', url(), 'intel', 'sync', '--source', 'nope'], { env: feedEnv() })).code, 2);
    const badDate = await runCli(['--db', url(), 'intel', 'sync', '--since', 'last tuesday'], { env: feedEnv() });
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /--since last tuesday: not a date/);
  });
});
