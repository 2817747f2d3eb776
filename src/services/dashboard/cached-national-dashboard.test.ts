/** The national dashboard cache: kept while nothing changes, never stale after a write, on both engines. */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Organisation } from '../../core/organisation.js';
import type { Actor } from '../../core/principal.js';
import { openDatabase, type WardDatabase } from '../../storage/open-database.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import { acknowledgeAlert } from '../alerts/respond-to-alert.js';
import { issueAlert } from '../alerts/issue-alert.js';
import { assessOrganisation } from '../assessment/assess-organisation.js';
import type { ServiceContext } from '../context.js';
import { importEvidence } from '../imports/import-evidence.js';
import { reportIncident } from '../incidents/report-incident.js';
import { appendAudit } from '../audit/append-audit.js';
import { createToken } from '../tokens/create-token.js';
import { readNationalDashboardCached } from './cached-national-dashboard.js';
import { nationalCacheMaxAgeMs, nationalDataVersion } from './national-cache.js';

const nessusPath = new URL('../../ingest/formats/testdata/nessus/nessus_v_unknown.xml', import.meta.url).pathname;
const inventoryPath = new URL('../../ingest/formats/testdata/device-inventory-csv/intune-export.csv', import.meta.url).pathname;

describeEachEngine('national dashboard cache', ({ database, it }) => {
  let context: ServiceContext;
  let clock: ReturnType<typeof manualClock>;
  let north: Organisation;
  let analyst: Actor;
  /** A second handle on the same database: another server process, with a cache of its own. */
  let other: WardDatabase;
  let otherContext: ServiceContext;

  before(async () => {
    clock = manualClock(new Date('2026-11-28T09:00:00Z'));
    context = serviceContext(database(), { clock });
    other = await openDatabase(database().target);
    otherContext = serviceContext(other, { clock });
    north = await makeOrganisation(context, { name: 'Northern Hospitals NHS Trust', region: 'North West' });
    await importEvidence(context, operator, { odsCode: north.odsCode, filePath: nessusPath, fileName: 'nessus_v_unknown.xml' });
    analyst = { principal: (await makeUser(context, 'national-analyst')).principal };
  });
  after(async () => {
    await other.close();
  });

  it('serves the kept figures while nothing changes, and new ones after every kind of write, in every process', async () => {
    const first = await readNationalDashboardCached(context, analyst);
    assert.equal(first.assessment.assessed, 0);
    assert.equal(await readNationalDashboardCached(context, analyst), first, 'nothing changed: the same figures, not rebuilt');
    const elsewhere = await readNationalDashboardCached(otherContext, analyst);
    assert.notEqual(elsewhere, first, 'another process keeps its own');

    // A new assessment (written through the other process) changes both processes' answers.
    await assessOrganisation(otherContext, operator, north.id, { trigger: 'manual', asOf: '2026-11-28' });
    const assessed = await readNationalDashboardCached(context, analyst);
    assert.equal(assessed.assessment.assessed, 1);
    assert.equal(assessed.heatMap[0]?.odsCode, north.odsCode);
    assert.equal((await readNationalDashboardCached(otherContext, analyst)).assessment.assessed, 1);

    await issueAlert(context, operator, { reference: 'CC-2026-0201', title: 'Close SMB to the internet', severity: 'critical', conditions: { ports: [{ port: 445 }] }, target: { all: true } });
    const alerted = await readNationalDashboardCached(otherContext, analyst);
    assert.equal(alerted.alerts[0]?.reference, 'CC-2026-0201');
    assert.equal(alerted.alerts[0]?.acknowledgedWithinDeadlinePercent, 0);
    await acknowledgeAlert(context, operator, 'CC-2026-0201', north.odsCode);
    assert.equal((await readNationalDashboardCached(otherContext, analyst)).alerts[0]?.acknowledgedWithinDeadlinePercent, 100);

    await reportIncident(context, operator, { odsCode: north.odsCode, type: 'ransomware', summary: 'Encrypted file shares', startedAt: '2026-11-02T08:00:00Z', appointmentsCancelled: 12 });
    assert.equal((await readNationalDashboardCached(otherContext, analyst)).incidents.totals.appointmentsCancelled, 12);

    const south = await makeOrganisation(otherContext, { name: 'Southern Trust', region: 'South East' });
    assert.ok((await readNationalDashboardCached(context, analyst)).regions.includes('South East'));
    assert.equal((await readNationalDashboardCached(context, analyst, { region: 'South East' })).heatMap.length, 0, 'filters are kept apart');
    await assessOrganisation(context, operator, south.id, { trigger: 'manual', asOf: '2026-11-28' });
    assert.deepEqual((await readNationalDashboardCached(otherContext, analyst, { region: 'South East' })).heatMap.map((row) => row.odsCode), [south.odsCode]);
  });

  it('counts a write that is not audited: a new point of an alert’s burn-down', async () => {
    const db = database().db;
    const before = await nationalDataVersion(database());
    const alert = await db.selectFrom('alerts').select('id').executeTakeFirstOrThrow();
    const last = await db.selectFrom('alert_exposure_snapshots').select((eb) => eb.fn.max('seq').as('seq')).where('organisation_id', '=', north.id).where('alert_id', '=', alert.id).executeTakeFirst();
    await db.insertInto('alert_exposure_snapshots').values({ organisation_id: north.id, alert_id: alert.id, seq: (last?.seq ?? 0) + 1, at: clock.now().toISOString(), affected_count: 7 }).execute();
    const afterExposure = await nationalDataVersion(database());
    assert.notEqual(afterExposure, before);
    assert.equal((await readNationalDashboardCached(context, analyst)).burnDown?.points.at(-1)?.assetsExposed, 7, 'the new point is served at once');
    assert.equal(await nationalDataVersion(other), afterExposure, 'every process reads the same version');
  });

  it('an upload, a sign-in or a new token alone keeps the kept figures (none changes them); any other audited change rebuilds them', async () => {
    const kept = await readNationalDashboardCached(context, analyst);
    const version = await nationalDataVersion(database());
    await importEvidence(context, operator, { odsCode: north.odsCode, filePath: inventoryPath, fileName: 'inventory.csv' });
    await createToken(context, operator, north.odsCode, { name: 'scanner uploads', capabilities: ['ingest'] });
    // What a sign-in writes (services/sessions): one audited session.started.
    await database().db.transaction().execute((trx) => appendAudit(trx, database().capabilities, operator, { action: 'session.started', objectType: 'session', objectId: 'x', organisationId: null, details: {} }, clock.now()));
    assert.equal(await nationalDataVersion(database()), version, 'the version ignores them');
    assert.equal(await readNationalDashboardCached(context, analyst), kept, 'served from the kept figures');
    // Anything else audited still changes it at once.
    await reportIncident(context, operator, { odsCode: north.odsCode, type: 'phishing', summary: 'Credential phishing', startedAt: '2026-11-27T08:00:00Z' });
    assert.notEqual(await nationalDataVersion(database()), version);
  });

  it('rebuilds after the maximum age even without writes (deadlines and evidence ages move with time)', async () => {
    const kept = await readNationalDashboardCached(context, analyst);
    clock.advance(nationalCacheMaxAgeMs - 1);
    assert.equal(await readNationalDashboardCached(context, analyst), kept);
    clock.advance(1);
    const rebuilt = await readNationalDashboardCached(context, analyst);
    assert.notEqual(rebuilt, kept);
    assert.equal(rebuilt.asOf, clock.now().toISOString());
  });

  it('reads while a write transaction holds the writing connection, and sees only committed data', async () => {
    const rolledBack = new Error('rolled back');
    await assert.rejects(
      database().db.transaction().execute(async (trx) => {
        await trx.updateTable('organisations').set({ name: 'Uncommitted Trust' }).where('id', '=', north.id).execute();
        await trx.insertInto('alert_exposure_snapshots').values({ organisation_id: north.id, alert_id: (await trx.selectFrom('alerts').select('id').executeTakeFirstOrThrow()).id, seq: 999, at: clock.now().toISOString(), affected_count: 3 }).execute();
        // On SQLite this would wait forever for the one connection the transaction holds, without the read connection.
        const during = await readNationalDashboardCached(context, analyst);
        assert.ok(during.heatMap.every((row) => row.name !== 'Uncommitted Trust'));
        assert.notEqual(during.burnDown?.points.at(-1)?.assetsExposed, 3);
        throw rolledBack;
      }),
      rolledBack,
    );
  });

  it('authorises before serving a kept view: an organisation user is refused even when it is warm', async () => {
    await readNationalDashboardCached(context, analyst);
    const member = { principal: (await makeUser(context, 'org-admin', { organisation: north })).principal };
    await assert.rejects(readNationalDashboardCached(context, member), { code: 'FORBIDDEN' });
  });
});
