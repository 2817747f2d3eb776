/** The national dashboard's data and the national report, on both engines, from real evidence. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before } from 'node:test';
import type { Organisation } from '../../core/organisation.js';
import { buildNationalReport } from '../../reports/national-report.js';
import { nationalTables } from '../../reports/national-tables.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import { acknowledgeAlert } from '../alerts/respond-to-alert.js';
import { issueAlert } from '../alerts/issue-alert.js';
import { withOsSupport, windows10 } from '../assessment/assessment-test-support.js';
import { assessOrganisation } from '../assessment/assess-organisation.js';
import type { ServiceContext } from '../context.js';
import { importEvidence } from '../imports/import-evidence.js';
import { acknowledgeDrill } from '../drills/acknowledge-drill.js';
import { startDrill } from '../drills/start-drill.js';
import { reportIncident } from '../incidents/report-incident.js';
import { addContact } from '../readiness/add-contact.js';
import { readNationalDashboard } from './read-national-dashboard.js';

const nessusPath = new URL('../../ingest/formats/testdata/nessus/nessus_v_unknown.xml', import.meta.url).pathname;

describeEachEngine('national dashboard', ({ database, it }) => {
  let context: ServiceContext;
  let north: Organisation;
  let london: Organisation;

  before(async () => {
    context = serviceContext(database(), { clock: manualClock(new Date('2026-11-28T09:00:00Z')) });
    north = await makeOrganisation(context, { name: 'Northern Hospitals NHS Trust', region: 'North West' });
    london = await makeOrganisation(context, { name: '=HYPERLINK("evil") Trust', region: 'London' });
    for (const organisation of [north, london]) {
      await importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: nessusPath, fileName: 'nessus_v_unknown.xml' });
    }
    // Every device of the northern trust runs Windows 10 past its support (no ESU); London's is unknown.
    await assessOrganisation(context, operator, north.id, { trigger: 'manual', asOf: '2026-10-20', readExposure: withOsSupport(() => windows10) });
    await assessOrganisation(context, operator, north.id, { trigger: 'manual', asOf: '2026-11-28', readExposure: withOsSupport(() => windows10) });
    await assessOrganisation(context, operator, london.id, { trigger: 'manual', asOf: '2026-11-28' });
    await issueAlert(context, operator, { reference: 'CC-2026-0101', title: 'Close SMB to the internet', severity: 'critical', conditions: { ports: [{ port: 445 }] }, target: { all: true } });
    await acknowledgeAlert(context, operator, 'CC-2026-0101', north.odsCode);
    await reportIncident(context, operator, { odsCode: north.odsCode, type: 'ransomware', summary: 'Encrypted file shares', startedAt: '2026-11-02T08:00:00Z', appointmentsCancelled: 120, operationsCancelled: 7, estimatedCostPounds: 250000 });
    await reportIncident(context, operator, { odsCode: london.odsCode, type: 'phishing', summary: 'Credential phishing', startedAt: '2026-09-15T08:00:00Z', appointmentsCancelled: 3 });
  });

  it('assembles scores, heat map, alert compliance, legacy systems and incidents for national roles, and filters by region', async () => {
    const analyst = { principal: (await makeUser(context, 'national-analyst')).principal };
    const all = await readNationalDashboard(context, analyst);
    assert.equal(all.assessment.assessed, 2);
    assert.deepEqual(all.regions, ['London', 'North West']);
    assert.equal(all.heatMap.length, 2);
    assert.ok(all.heatMap.every((row) => Object.keys(row.areas).length === 5));
    assert.ok((all.heatMap[0]?.percent ?? 0) <= (all.heatMap[1]?.percent ?? 0), 'weakest organisation first');
    assert.equal(all.alerts.length, 1);
    assert.equal(all.alerts[0]?.organisations, 2);
    assert.equal(all.alerts[0]?.acknowledgedWithinDeadlinePercent, 50, 'one of two acknowledged in time');
    assert.equal(all.burnDown?.reference, 'CC-2026-0101');
    assert.equal(all.incidents.totals.incidents, 2);
    assert.equal(all.incidents.totals.appointmentsCancelled, 123);
    assert.ok(all.legacy.devices > 0, 'Windows 10 without ESU past 14 October 2025 is legacy');
    assert.equal(all.legacy.byOs.reduce((sum, row) => sum + row.devices, 0), all.legacy.devices);
    assert.deepEqual(all.legacy.trend.map((t) => t.month), ['2026-10', '2026-11']);
    assert.equal(all.legacy.trend.at(-1)?.devices, all.legacy.devices);

    const northOnly = await readNationalDashboard(context, analyst, { region: 'North West' });
    assert.equal(northOnly.assessment.assessed, 1);
    assert.deepEqual(northOnly.heatMap.map((row) => row.odsCode), [north.odsCode]);
    assert.equal(northOnly.alerts[0]?.organisations, 1);
    assert.equal(northOnly.alerts[0]?.acknowledgedWithinDeadlinePercent, 100);
    assert.equal(northOnly.incidents.totals.incidents, 1);
    assert.equal(northOnly.legacy.devices, all.legacy.devices, 'the legacy devices are all northern');
    const londonOnly = await readNationalDashboard(context, analyst, { region: 'London' });
    assert.equal(londonOnly.legacy.devices, 0);
    assert.equal(londonOnly.assessment.trend.length, 1);

    const tables = nationalTables(all);
    assert.deepEqual(tables.headline.rows.find((row) => row[0] === 'Organisations assessed'), ['Organisations assessed', 2]);
    assert.equal(tables['heat-map'].rows.length, 2);

    const member = { principal: (await makeUser(context, 'org-admin', { organisation: north })).principal };
    await assert.rejects(readNationalDashboard(context, member), { code: 'FORBIDDEN' });
  });

  it('the national report is a PDF whose text carries the headings and the figures', async () => {
    const analyst = { principal: (await makeUser(context, 'national-analyst')).principal };
    const pdf = await buildNationalReport(context, analyst);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const file = join(mkdtempSync(join(tmpdir(), 'ward-national-')), 'report.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const heading of ['National cyber security report', 'Organisations assessed, average and passing', 'Distribution of scores', 'Areas, weakest first', 'Alerts', 'Legacy systems', 'Incidents by type']) assert.match(text, new RegExp(heading), heading);
    assert.match(text, /Organisations assessed\s+2\b/);
    assert.match(text, /CC-2026-0101/);
    assert.match(text, /ransomware\s+1\s+120\s+7\s+250,000/);
    assert.match(text, /All organisations/);
  });

  it('the drill reach counts only the organisations of the region and kind filters', async () => {
    const analyst = { principal: (await makeUser(context, 'national-analyst')).principal };
    await addContact(context, operator, { odsCode: north.odsCode, name: 'Nadia North', role: 'Head of IT', email: 'nadia@north.nhs.uk' });
    await addContact(context, operator, { odsCode: london.odsCode, name: 'Lola London', role: 'CISO', email: 'lola@london.nhs.uk', altEmail: 'lola.oob@london.example' });
    await startDrill(context, operator, { title: 'Filter drill', windowHours: 4, publicUrl: 'https://ward.example.nhs.uk' });
    const mail = await context.database.db.selectFrom('outbox').select('body').where('recipient', '=', 'nadia@north.nhs.uk').executeTakeFirstOrThrow();
    await acknowledgeDrill(context, operator, /drill-acknowledgements\/([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] ?? '');
    const reach = (d: Awaited<ReturnType<typeof readNationalDashboard>>) => ({
      organisations: d.drill?.totals.organisations, reached: d.drill?.totals.reached,
      channels: Object.fromEntries((d.drill?.byChannel ?? []).map((c) => [c.channel, [c.messages, c.acknowledged]])),
    });
    assert.deepEqual(reach(await readNationalDashboard(context, analyst)), { organisations: 2, reached: 1, channels: { email: [2, 1], 'alt-email': [1, 0], webhook: [0, 0] } });
    assert.deepEqual(reach(await readNationalDashboard(context, analyst, { region: 'North West' })), { organisations: 1, reached: 1, channels: { email: [1, 1], 'alt-email': [0, 0], webhook: [0, 0] } });
    assert.deepEqual(reach(await readNationalDashboard(context, analyst, { region: 'London', kind: 'trust' })), { organisations: 1, reached: 0, channels: { email: [1, 0], 'alt-email': [1, 0], webhook: [0, 0] } });
    assert.deepEqual(reach(await readNationalDashboard(context, analyst, { kind: 'icb' })), { organisations: 0, reached: 0, channels: { email: [0, 0], 'alt-email': [0, 0], webhook: [0, 0] } });
  });
});
