import assert from 'node:assert/strict';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import { buildTestServer, call, sessionHeaders } from '../../test-support/http.js';
import { issueAlert } from '../alerts/issue-alert.js';
import { incidentTotals, listIncidents } from './list-incidents.js';
import { reportIncident } from './report-incident.js';

describeEachEngine('incident reports and the national register', ({ database, it }) => {
  it('organisations report their incidents; the register totals the impact per month; a linked alert must be one the organisation was sent', async () => {
    const clock = manualClock(new Date('2026-08-01T09:00:00Z'));
    const context = serviceContext(database(), { clock });
    const alpha = await makeOrganisation(context);
    const beta = await makeOrganisation(context);
    const alphaAdmin = { principal: (await makeUser(context, 'org-admin', { organisation: alpha })).principal };
    const betaAdmin = { principal: (await makeUser(context, 'org-admin', { organisation: beta })).principal };
    const betaMember = { principal: (await makeUser(context, 'org-member', { organisation: beta })).principal };
    const analyst = await makeUser(context, 'national-analyst');
    await issueAlert(context, operator, { reference: 'CC-2026-0517', title: 'Patch MS17-010', severity: 'critical', conditions: { ports: [{ port: 445 }] }, target: { odsCodes: [alpha.odsCode] } });

    // The audit's WannaCry figures for one week: 6,912 appointments; estimated cost in whole pounds.
    const wannacry = await reportIncident(context, alphaAdmin, {
      odsCode: alpha.odsCode, type: 'ransomware', summary: 'WannaCry encrypted PCs in outpatients and radiology', startedAt: '2026-05-12T11:00:00Z', endedAt: '2026-05-19T17:00:00Z',
      systemsAffected: ['PAS', 'PACS', 'PAS'], servicesAffected: ['Outpatients', 'Radiology'], appointmentsCancelled: 6912, operationsCancelled: 139,
      estimatedCostPounds: 19_000_000, nationalSupportRequested: true, alertReference: 'cc-2026-0517',
    });
    assert.deepEqual([wannacry.reference, wannacry.alertReference, wannacry.systemsAffected], ['INC-2026-00001', 'CC-2026-0517', ['PAS', 'PACS']]);
    // Beta was not sent that alert: linking it is refused without saying more.
    await assert.rejects(reportIncident(context, betaAdmin, { odsCode: beta.odsCode, type: 'ransomware', summary: 'x', startedAt: '2026-07-02T08:00:00Z', alertReference: 'CC-2026-0517' }), { code: 'INVALID_INPUT', message: /was not sent to/ });
    await assert.rejects(reportIncident(context, betaMember, { odsCode: beta.odsCode, type: 'phishing', summary: 'x', startedAt: '2026-07-02T08:00:00Z' }), { code: 'FORBIDDEN' });
    await assert.rejects(reportIncident(context, betaAdmin, { odsCode: alpha.odsCode, type: 'phishing', summary: 'x', startedAt: '2026-07-02T08:00:00Z' }), { code: 'FORBIDDEN' });
    await assert.rejects(reportIncident(context, betaAdmin, { odsCode: beta.odsCode, type: 'phishing', summary: 'x', startedAt: '2026-07-02T08:00:00Z', endedAt: '2026-07-01T08:00:00Z' }), { code: 'INVALID_INPUT' });
    await assert.rejects(reportIncident(context, betaAdmin, { odsCode: beta.odsCode, type: 'phishing', summary: 'x', startedAt: '2026-07-02T08:00:00Z', appointmentsCancelled: -1 }), { code: 'INVALID_INPUT' });

    await reportIncident(context, betaAdmin, { odsCode: beta.odsCode, type: 'supplier', summary: 'Pathology supplier outage', startedAt: '2026-07-02T08:00:00Z', appointmentsCancelled: 250, estimatedCostPounds: 410_000 });
    await reportIncident(context, alphaAdmin, { odsCode: alpha.odsCode, type: 'phishing', summary: 'Credential phishing, two mailboxes', startedAt: '2026-07-20T14:30:00Z', endedAt: '2026-07-20T18:00:00Z', estimatedCostPounds: 12_500 });

    const totals = await incidentTotals(context, { principal: analyst.principal });
    assert.deepEqual(totals.totals, { incidents: 3, appointmentsCancelled: 7162, operationsCancelled: 139, estimatedCostPounds: 19_422_500, nationalSupportRequested: 1 });
    assert.deepEqual(totals.byMonth.map((m) => [m.month, m.incidents, m.appointmentsCancelled, m.estimatedCostPounds]), [['2026-05', 1, 6912, 19_000_000], ['2026-06', 0, 0, 0], ['2026-07', 2, 250, 422_500]]);
    assert.deepEqual(totals.byType.map((t) => [t.type, t.incidents]), [['phishing', 1], ['ransomware', 1], ['supplier', 1]]);

    // Organisations see only their own; the register and totals are national.
    assert.deepEqual((await listIncidents(context, betaMember, beta.odsCode)).map((i) => i.type), ['supplier']);
    await assert.rejects(listIncidents(context, betaMember, alpha.odsCode), { code: 'FORBIDDEN' });
    await assert.rejects(listIncidents(context, betaAdmin, null), { code: 'FORBIDDEN' });
    await assert.rejects(incidentTotals(context, alphaAdmin), { code: 'FORBIDDEN' });

    const server = await buildTestServer(context);
    try {
      const response = await call(server.app, { method: 'GET', url: '/api/v1/incidents/totals', headers: await sessionHeaders(context, analyst.email) });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, JSON.parse(JSON.stringify(totals)));
    } finally {
      await server.app.close();
    }
  });
});
