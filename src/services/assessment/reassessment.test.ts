/**
 * Automatic re-assessment: imports and intel loads mark organisations due in their own
 * transaction; processDueAssessments assesses each due organisation once however many imports
 * arrived; the serve loop runs it on an interval. Also the national summary over a few organisations.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Organisation } from '../../core/organisation.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import type { ServiceContext } from '../context.js';
import { loadIntelFiles } from '../intel/load-intel-files.js';
import { assessOrganisation } from './assess-organisation.js';
import { importText } from './assessment-test-support.js';
import { inventoryCsv, nessusXml } from './evidence-files.js';
import { latestAssessment, listAssessments } from './list-assessments.js';
import { bucketOf, nationalSummary } from './national-summary.js';
import { processDueAssessments } from './process-due-assessments.js';
import { startReassessmentLoop } from './reassessment-loop.js';

const scan = (patchDate: string | undefined, name: string) =>
  nessusXml([{ ip: '10.1.0.1', fqdn: 'ws-1.trust.nhs.uk', os: 'Microsoft Windows 11 Enterprise', items: patchDate ? [{ pluginId: '910001', name: 'Browser < 120', severity: 3, cvss3: 8.8, cve: 'CVE-2026-2001', patchDate }] : [] }], name);

describeEachEngine('automatic re-assessment', ({ database, it }) => {
  let context: ServiceContext;
  let clock: ReturnType<typeof manualClock>;
  let organisation: Organisation;

  before(async () => {
    clock = manualClock(new Date('2026-11-28T09:00:00Z'));
    context = serviceContext(database(), { clock });
    organisation = await makeOrganisation(context);
  });

  const due = async () => (await database().db.selectFrom('assessment_due').selectAll().where('organisation_id', '=', organisation.id).execute());

  it('an import marks its organisation due in the same transaction; processing stores a snapshot and clears the mark', async () => {
    await importText(context, operator, organisation.odsCode, 'first.nessus', scan('2026-10-01', 'first'));
    assert.deepEqual((await due()).map((d) => d.reason), ['import']);
    const outcomes = await processDueAssessments(context, operator);
    assert.deepEqual(outcomes.filter((o) => o.organisationId === organisation.id).map((o) => [o.status, o.reason]), [['assessed', 'import']]);
    assert.deepEqual(await due(), []);
    const [latest] = await listAssessments(context, operator, organisation.odsCode);
    assert.equal(latest?.trigger, 'import');
    assert.equal(latest?.failed !== undefined && latest.failed > 0, true, 'the late browser fix fails');
  });

  it('a remediating import leads to a new snapshot with a higher score; several imports coalesce into one run', async () => {
    const before = (await listAssessments(context, operator, organisation.odsCode))[0];
    clock.advance(60_000);
    await importText(context, operator, organisation.odsCode, 'inventory.csv', inventoryCsv([{ hostname: 'WS-1', os: 'Microsoft Windows 11 Enterprise', osVersion: '24H2', osBuild: '10.0.26100.7171', lastSeen: '2026-11-28', avProduct: 'Defender', avSignatureDate: '2026-11-28' }]));
    clock.advance(60_000);
    await importText(context, operator, organisation.odsCode, 'second.nessus', scan(undefined, 'second'));
    assert.equal((await due()).length, 1, 'one mark for two imports');
    const outcomes = (await processDueAssessments(context, operator)).filter((o) => o.organisationId === organisation.id);
    assert.equal(outcomes.length, 1);
    const history = await listAssessments(context, operator, organisation.odsCode);
    assert.equal(history.length, 2);
    const after = history[0];
    assert.ok(before && after && before.percent !== null && after.percent !== null);
    assert.ok(after.percent > before.percent, `${after.percent} > ${before.percent}`);
    assert.equal(after.failed, 0);
    assert.notEqual(after.inputDigest, before.inputDigest);
  });

  it('an intel load marks every organisation holding devices due', async () => {
    const kev = JSON.stringify({ title: 'CISA Catalog of Known Exploited Vulnerabilities', catalogVersion: '2026.11.28', dateReleased: '2026-11-28T12:00:00.000Z', count: 1, vulnerabilities: [{ cveID: 'CVE-2026-2001', vendorProject: 'Example', product: 'Browser', vulnerabilityName: 'Example browser flaw', dateAdded: '2026-11-28', shortDescription: 'x', requiredAction: 'Apply updates.', dueDate: '2026-12-19', knownRansomwareCampaignUse: 'Unknown', notes: '', cwes: [] }] });
    clock.advance(60_000);
    const [outcome] = await loadIntelFiles(context, operator, { files: [{ name: 'known_exploited_vulnerabilities.json', bytes: Buffer.from(kev) }] });
    assert.equal(outcome?.status, 'loaded', JSON.stringify(outcome));
    assert.deepEqual((await due()).map((d) => d.reason), ['intel']);
    await processDueAssessments(context, operator);
    const [latest] = await listAssessments(context, operator, organisation.odsCode);
    assert.equal(latest?.trigger, 'intel');
    assert.equal(latest?.intel.sourceId, outcome?.status === 'loaded' ? outcome.sourceId : null);
  });

  it('the serve loop processes due organisations on its interval and stops cleanly', async () => {
    clock.advance(60_000);
    await importText(context, operator, organisation.odsCode, 'third.nessus', scan('2026-11-27', 'third'));
    const rounds: number[] = [];
    const done = new Promise<void>((resolve) => {
      const loop = startReassessmentLoop(context, operator, {
        intervalMs: 5,
        onRound: (outcomes) => {
          rounds.push(outcomes.length);
          void loop.stop().then(resolve);
        },
        onError: (error) => assert.fail(String(error)),
      });
    });
    await done;
    assert.ok(rounds.length >= 1);
    assert.deepEqual(await due(), []);
  });

  it('national summary: assessed, average, median, passing, distribution, groups and monthly trend', async () => {
    // Three more organisations with known scores, assessed on two dates.
    const a = await makeOrganisation(context, { region: 'North West' });
    const b = await makeOrganisation(context, { region: 'North West' });
    const c = await makeOrganisation(context, { region: 'South West' });
    for (const [org, patch] of [[a, '2026-10-01'], [b, undefined], [c, '2026-10-01']] as const) {
      await importText(context, operator, org.odsCode, `${org.odsCode}.nessus`, scan(patch, org.odsCode));
    }
    clock.advance(60_000);
    const october = await assessOrganisation(context, operator, a.id, { asOf: '2026-10-31', trigger: 'manual' });
    const results = [];
    for (const org of [a, b, c]) results.push(await assessOrganisation(context, operator, org.id, { asOf: '2026-11-28', trigger: 'manual' }));
    const summary = await nationalSummary(context, operator);
    const all = (await database().db.selectFrom('assessments').select(['organisation_id', 'percent', 'created_at', 'id']).orderBy('created_at', 'desc').orderBy('id', 'desc').execute());
    const latestPerOrg = new Map<string, number>();
    for (const row of all) if (!latestPerOrg.has(row.organisation_id) && row.percent !== null) latestPerOrg.set(row.organisation_id, row.percent);
    const values = [...latestPerOrg.values()];
    assert.equal(summary.assessed, latestPerOrg.size);
    assert.equal(summary.average, Math.round((values.reduce((x, y) => x + y, 0) / values.length) * 10) / 10);
    const northWest = summary.byRegion.find((g) => g.group === 'North West');
    assert.equal(northWest?.assessed, 2);
    const [pa, pb] = [results[0]?.percent ?? 0, results[1]?.percent ?? 0];
    assert.equal(northWest?.average, Math.round(((pa + pb) / 2) * 10) / 10);
    assert.ok(pb > pa, 'b has no late fix');
    assert.equal(summary.distribution.reduce((n, d) => n + d.organisations, 0), latestPerOrg.size);
    assert.equal(summary.distribution.find((d) => d.bucket === bucketOf(pa))?.organisations !== undefined, true);
    assert.deepEqual(summary.trend.map((t) => t.month), ['2026-10', '2026-11']);
    assert.deepEqual(summary.trend[0], { month: '2026-10', assessed: 1, average: Math.round((october.percent ?? 0) * 10) / 10 });
    assert.equal(summary.passing, 0);
    assert.ok(summary.weakestAreas.length > 0 && summary.weakestAreas.every((w, i, list) => i === 0 || (list[i - 1]?.average ?? 0) <= w.average));
    assert.equal(summary.median !== null, true);
  });

  it('snapshots stored at the same instant keep their order: history and "latest" follow the revision, not the random id', async () => {
    const tied = await makeOrganisation(context);
    await importText(context, operator, tied.odsCode, 'tied.nessus', scan('2026-10-01', 'tied'));
    const stored = [];
    for (const asOf of ['2026-11-01', '2026-11-28', '2026-10-15', '2026-11-20']) stored.push(await assessOrganisation(context, operator, tied.id, { trigger: 'manual', asOf }));
    assert.deepEqual(stored.map((a) => a.revision), [1, 2, 3, 4]);
    assert.equal(new Set(stored.map((a) => a.createdAt)).size, 1, 'the clock did not move');
    const history = await listAssessments(context, operator, tied.odsCode);
    assert.deepEqual(history.map((a) => a.asOf), ['2026-11-20', '2026-10-15', '2026-11-28', '2026-11-01']);
    assert.equal((await latestAssessment(context, operator, tied.odsCode)).id, stored[3]?.id);
  });
});

test('national summary: ten-point buckets with 100 alone', () => {
  assert.equal(bucketOf(0), '0–9');
  assert.equal(bucketOf(9.99), '0–9');
  assert.equal(bucketOf(10), '10–19');
  assert.equal(bucketOf(99.9), '90–99');
  assert.equal(bucketOf(100), '100');
});
