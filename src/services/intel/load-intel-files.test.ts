import assert from 'node:assert/strict';
import { WardError } from '../../core/errors.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext } from '../../test-support/factories.js';
import type { Database } from '../../storage/schema.js';
import type { WardDatabase } from '../../storage/open-database.js';
import { endoflifeFiles, epssFile, firstEpssFile, intelTestFile, kevFile, msrcFile, nvdFiles } from './intel-test-support.js';
import { intelStatus } from './intel-status.js';
import { loadIntelFiles, type IntelFileOutcome } from './load-intel-files.js';

const tables = ['intel_sources', 'cves', 'cve_cpe_matches', 'kev_entries', 'epss_scores', 'lifecycle_releases', 'msrc_remediations', 'audit_log'] as const;

async function counts(database: WardDatabase): Promise<Record<(typeof tables)[number], number>> {
  const out = {} as Record<(typeof tables)[number], number>;
  for (const table of tables) {
    const row = await database.db.selectFrom(table as keyof Database).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

const allFiles = [...nvdFiles, kevFile, epssFile, ...endoflifeFiles, msrcFile];

function loaded(outcome: IntelFileOutcome | undefined): Extract<IntelFileOutcome, { status: 'loaded' }> {
  assert.equal(outcome?.status, 'loaded', JSON.stringify(outcome));
  return outcome;
}

describeEachEngine('loading intelligence files', ({ database, it }) => {
  it('the real NVD, KEV, EPSS, endoflife.date and MSRC files load with the right counts, each audited', async () => {
    const context = serviceContext(database());
    const outcomes = await loadIntelFiles(context, operator, { files: allFiles.map(intelTestFile) });
    assert.deepEqual(outcomes.map((o) => [o.file, o.status, o.status === 'loaded' ? o.kind : '']), allFiles.map((f, k) => [f.split('/').pop(), 'loaded', k < 8 ? 'nvd' : ['kev', 'epss', 'endoflife', 'endoflife', 'endoflife', 'msrc'][k - 8]]));
    const log4shell = loaded(outcomes[7]);
    assert.deepEqual(log4shell.counts, { stored: 1, stale: 0, cpeMatches: 408 });
    const kev = loaded(outcomes[8]);
    assert.deepEqual([kev.records, kev.feedVersion, kev.feedDate?.slice(0, 10)], [1674, '2026.08.21', '2026-08-21']);
    assert.equal(loaded(outcomes[9]).counts.scores, 1556);
    assert.deepEqual(loaded(outcomes[10]).counts, { releases: 4 });
    const msrc = loaded(outcomes[13]);
    assert.deepEqual([msrc.feedVersion, msrc.feedDate, msrc.counts.remediations], ['2017-Mar', '2017-03-14', 2406]);

    assert.deepEqual(await counts(database()), {
      intel_sources: 14, cves: 8, cve_cpe_matches: 685, kev_entries: 1674, epss_scores: 1556, lifecycle_releases: 71, msrc_remediations: 2406, audit_log: 14,
    });
    const audit = await database().db.selectFrom('audit_log').select(['action', 'details']).orderBy('seq').execute();
    assert.ok(audit.every((a) => a.action === 'intel.loaded'));
    assert.deepEqual((JSON.parse(audit[0]?.details ?? '{}') as { file: string; kind: string }).kind, 'nvd');

    const ms17 = await database().db.selectFrom('msrc_remediations').selectAll().where('cve_id', '=', 'CVE-2017-0144').where('kb', '=', '4012212').execute();
    assert.ok(ms17.length > 0 && ms17.every((r) => r.release_date === '2017-03-14'), 'the Windows 7 security-only update KB4012212 fixes MS17-010');
    const heartbleed = await database().db.selectFrom('cve_cpe_matches').select(['vendor', 'product', 'version_start_including', 'version_end_excluding']).where('cve_id', '=', 'CVE-2014-0160').where('product', '=', 'openssl').execute();
    assert.deepEqual(heartbleed.filter((m) => m.version_start_including !== null).map((m) => [m.vendor, m.version_start_including, m.version_end_excluding]), [['openssl', '1.0.1', '1.0.1g']]);
  });

  it('loading the same files again is skipped, says so, and changes nothing', async () => {
    const context = serviceContext(database());
    const before = await counts(database());
    const outcomes = await loadIntelFiles(context, operator, { files: [intelTestFile(kevFile), intelTestFile(nvdFiles[0] ?? '')] });
    assert.deepEqual(outcomes.map((o) => o.status), ['skipped', 'skipped']);
    assert.match(outcomes[0]?.status === 'skipped' ? outcomes[0].reason : '', /already loaded on \d{4}-.* as known_exploited_vulnerabilities\.json\.gz/);
    assert.deepEqual(await counts(database()), before);
  });

  it('a newer revision of a CVE replaces the stored one; an older one is left alone', async () => {
    const context = serviceContext(database());
    const text = new TextDecoder().decode(intelTestFile('nvd/CVE-2014-0160.json').bytes);
    const record = JSON.parse(text) as { lastModified: string; descriptions: { lang: string; value: string }[] };
    const newer = { ...record, lastModified: '2099-01-01T00:00:00.000', descriptions: [{ lang: 'en', value: 'Revised description' }] };
    const older = { ...record, lastModified: '2000-01-01T00:00:00.000', descriptions: [{ lang: 'en', value: 'Ancient description' }] };
    const before = await counts(database());
    const [first] = await loadIntelFiles(context, operator, { files: [{ name: 'newer.json', bytes: Buffer.from(JSON.stringify(newer)) }] });
    assert.deepEqual(loaded(first).counts, { stored: 1, stale: 0, cpeMatches: 54 });
    const [second] = await loadIntelFiles(context, operator, { files: [{ name: 'older.json', bytes: Buffer.from(JSON.stringify(older)) }] });
    assert.deepEqual(loaded(second).counts, { stored: 0, stale: 1, cpeMatches: 0 });
    const row = await database().db.selectFrom('cves').select(['description', 'last_modified']).where('id', '=', 'CVE-2014-0160').executeTakeFirstOrThrow();
    assert.deepEqual(row, { description: 'Revised description', last_modified: '2099-01-01T00:00:00.000' });
    const after = await counts(database());
    assert.deepEqual([after.cves, after.cve_cpe_matches, after.intel_sources], [before.cves, before.cve_cpe_matches, before.intel_sources + 2]);
  });

  it('a malformed file is refused by name and stores nothing, while the other files load', async () => {
    const context = serviceContext(database());
    const page = JSON.parse(new TextDecoder().decode(intelTestFile('nvd/anchore-full-page.json').bytes)) as { vulnerabilities: { cve: Record<string, unknown> }[] };
    // Record 6 of 38 loses its publication date: the five before it must not be stored either.
    delete page.vulnerabilities[5]?.cve.published;
    const truncated = intelTestFile('nvd/CVE-2021-44228.json').bytes.subarray(0, 5000);
    const before = await counts(database());
    const outcomes = await loadIntelFiles(context, operator, {
      files: [
        { name: 'broken-page.json', bytes: Buffer.from(JSON.stringify(page)) },
        { name: 'truncated.json', bytes: truncated },
        { name: 'notes.txt', bytes: Buffer.from('hello, world\n') },
        intelTestFile(firstEpssFile),
      ],
    });
    const [broken, cut, unknown, epss] = outcomes;
    assert.equal(broken?.status, 'refused');
    assert.match(broken?.status === 'refused' ? broken.message : '', /^broken-page\.json.*vulnerabilities\[5\].*published/);
    assert.deepEqual(cut?.status === 'refused' ? [cut.code, cut.message.startsWith('truncated.json: not valid JSON')] : [], ['INGEST_UNREADABLE', true]);
    assert.deepEqual(unknown?.status === 'refused' ? unknown.code : '', 'INGEST_UNKNOWN_FORMAT');
    assert.equal(loaded(epss).modelVersion, 'v2025.03.14');
    const after = await counts(database());
    assert.deepEqual(after, { ...before, intel_sources: before.intel_sources + 1, audit_log: before.audit_log + 1 }, 'only the good EPSS file was recorded; its 5 scores were already held');
    const stored = await database().db.selectFrom('cves').select('id').where('source_id', 'in', database().db.selectFrom('intel_sources').select('id').where('name', '=', 'broken-page.json')).execute();
    assert.deepEqual(stored, []);
    const epssRow = await database().db.selectFrom('epss_scores').select(['model_version', 'score_date']).where('cve_id', '=', 'CVE-2021-44228').executeTakeFirstOrThrow();
    assert.equal(epssRow.model_version, 'v2025.03.14', 'the later file replaced the score and kept its model version');
  });

  it('only a national admin loads intelligence; every signed-in role reads its status', async () => {
    const context = serviceContext(database());
    const organisation = await makeOrganisation(context);
    for (const role of ['org-admin', 'org-member', 'national-analyst', 'assessor'] as const) {
      const user = await makeUser(context, role, role.startsWith('org-') ? { organisation } : {});
      await assert.rejects(loadIntelFiles(context, { principal: user.principal }, { files: [intelTestFile(firstEpssFile)] }), (e: unknown) => e instanceof WardError && e.code === 'FORBIDDEN');
      const status = await intelStatus(context, { principal: user.principal });
      assert.equal(status.feeds.find((f) => f.kind === 'kev')?.records, 1674);
    }
    const admin = await makeUser(context, 'national-admin');
    const [outcome] = await loadIntelFiles(context, { principal: admin.principal }, { files: [intelTestFile(firstEpssFile)] });
    assert.equal(outcome?.status, 'skipped');
  });

  it('status lists each feed with its records, files and versions', async () => {
    const status = await intelStatus(serviceContext(database()), operator);
    const byKind = Object.fromEntries(status.feeds.map((f) => [f.kind, f]));
    assert.deepEqual([byKind.nvd?.records, byKind.nvd?.files], [8, 10]);
    assert.deepEqual([byKind.kev?.records, byKind.kev?.feedVersion], [1674, '2026.08.21']);
    assert.deepEqual([byKind.epss?.records, byKind.epss?.files, byKind.epss?.modelVersion, byKind.epss?.lastFile], [1556, 2, 'v2025.03.14', 'constructed-first-daily-shape.csv']);
    assert.deepEqual([byKind.endoflife?.records, status.lifecycleProducts], [71, 3]);
    assert.deepEqual([byKind.msrc?.records, byKind.msrc?.feedVersion], [2406, '2017-Mar']);
    assert.equal(status.cpeMatches, 685);
  });
});
