/**
 * Refusing an exception request, through the use case and the API on both engines: the status stays
 * open, the audit log and the organisation's notice record it, only national admins may refuse, and
 * the organisation can ask again and be approved.
 */
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Organisation } from '../../core/organisation.js';
import type { Principal } from '../../core/principal.js';
import type { WardServer } from '../../http/build-server.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import { buildTestServer, call, sessionHeaders } from '../../test-support/http.js';
import type { ServiceContext } from '../context.js';
import { issueAlert } from './issue-alert.js';
import { alertBoard, organisationAlertStatus } from './read-alerts.js';
import { approveAlertException, rejectAlertException, requestAlertException } from './respond-to-alert.js';

const request = { justification: 'The imaging modality cannot be patched by us', compensatingControls: 'Its own VLAN, SMB blocked at the firewall', expiresAt: '2027-02-28' };

describeEachEngine('rejecting an alert exception', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let trust: Organisation;
  let orgAdmin: { principal: Principal; email: string };
  let national: { principal: Principal; email: string };
  const clock = manualClock(new Date('2026-11-28T09:00:00Z'));

  before(async () => {
    context = serviceContext(database(), { clock });
    server = await buildTestServer(context);
    trust = await makeOrganisation(context);
    orgAdmin = await makeUser(context, 'org-admin', { organisation: trust });
    national = await makeUser(context, 'national-admin');
    await issueAlert(context, operator, { reference: 'CC-2026-0310', title: 'Close SMB', severity: 'high', conditions: { ports: [{ port: 445 }] }, target: { odsCodes: [trust.odsCode] } });
    await issueAlert(context, operator, { reference: 'CC-2026-0311', title: 'Close RDP', severity: 'high', conditions: { ports: [{ port: 3389 }] }, target: { odsCodes: [trust.odsCode] } });
  });

  it('keeps the organisation open, audits, tells its admins, and lets it ask again', async () => {
    const asOrg = { principal: orgAdmin.principal, sourceIp: null };
    const asNational = { principal: national.principal, sourceIp: null };
    await requestAlertException(context, asOrg, 'CC-2026-0310', trust.odsCode, request);
    await assert.rejects(rejectAlertException(context, asOrg, 'CC-2026-0310', trust.odsCode), { code: 'FORBIDDEN' });
    await assert.rejects(rejectAlertException(context, asNational, 'CC-2026-0310', trust.odsCode, { reason: 'x'.repeat(2001) }), { code: 'INVALID_INPUT' });

    const rejected = await rejectAlertException(context, asNational, 'CC-2026-0310', trust.odsCode, { reason: 'Isolate it first, then ask again' });
    assert.deepEqual(rejected, { reference: 'CC-2026-0310', odsCode: trust.odsCode, exceptionState: 'rejected', status: 'issued' });
    const own = await organisationAlertStatus(context, asOrg, 'CC-2026-0310', trust.odsCode);
    assert.equal(own.organisation.state, 'issued');
    assert.equal(own.organisation.exception?.state, 'rejected');
    assert.deepEqual(own.organisation.exception?.rejected, { by: national.principal.type === 'user' ? national.principal.userId : null, at: '2026-11-28T09:00:00.000Z', reason: 'Isolate it first, then ask again' });
    const board = await alertBoard(context, asNational, 'CC-2026-0310');
    assert.equal(board.totals.byState.exception, undefined);

    const audit = await context.database.db.selectFrom('audit_log').select(['action', 'details', 'organisation_id']).where('action', '=', 'alert.exception-rejected').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.organisation_id, trust.id);
    assert.equal((JSON.parse(audit[0]?.details ?? '{}') as { reason?: string }).reason, 'Isolate it first, then ask again');
    const notices = await context.database.db.selectFrom('outbox').select(['recipient', 'subject', 'body']).where('event', '=', 'alert.exception-rejected').execute();
    assert.deepEqual(notices.map((n) => [n.recipient, n.subject]), [[orgAdmin.email, `[Ward] CC-2026-0310: exception refused for ${trust.odsCode}`]]);
    assert.match(notices[0]?.body ?? '', /Reason: Isolate it first, then ask again/);

    // Nothing is pending any more: neither decision can be taken twice.
    await assert.rejects(rejectAlertException(context, asNational, 'CC-2026-0310', trust.odsCode), { code: 'CONFLICT' });
    await assert.rejects(approveAlertException(context, asNational, 'CC-2026-0310', trust.odsCode), { code: 'CONFLICT' });
    await requestAlertException(context, asOrg, 'CC-2026-0310', trust.odsCode, request);
    assert.equal((await organisationAlertStatus(context, asOrg, 'CC-2026-0310', trust.odsCode)).organisation.exception?.rejected, null, 'a new request clears the refusal');
    const approved = await approveAlertException(context, asNational, 'CC-2026-0310', trust.odsCode);
    assert.equal(approved.status, 'exception');
  });

  it('refuses to approve once evidence verified the organisation remediated, and the request can still be rejected', async () => {
    const asOrg = { principal: orgAdmin.principal, sourceIp: null };
    const asNational = { principal: national.principal, sourceIp: null };
    await issueAlert(context, operator, { reference: 'CC-2026-0312', title: 'Close Telnet', severity: 'high', conditions: { ports: [{ port: 23 }] }, target: { odsCodes: [trust.odsCode] } });
    await requestAlertException(context, asOrg, 'CC-2026-0312', trust.odsCode, request);
    // What applyExposure stores when newer evidence covers the estate and no device is affected.
    const alert = await context.database.db.selectFrom('alerts').select('id').where('reference', '=', 'CC-2026-0312').executeTakeFirstOrThrow();
    await context.database.db.updateTable('alert_organisations').set({ status: 'remediated', remediated_at: '2026-11-28T08:00:00.000Z' }).where('alert_id', '=', alert.id).where('organisation_id', '=', trust.id).execute();

    await assert.rejects(approveAlertException(context, asNational, 'CC-2026-0312', trust.odsCode), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'CONFLICT');
      assert.match(error.message, /verified remediated for CC-2026-0312 on 2026-11-28/);
      return true;
    });
    assert.equal((await organisationAlertStatus(context, asOrg, 'CC-2026-0312', trust.odsCode)).organisation.state, 'remediated');
    const rejected = await rejectAlertException(context, asNational, 'CC-2026-0312', trust.odsCode);
    assert.deepEqual(rejected, { reference: 'CC-2026-0312', odsCode: trust.odsCode, exceptionState: 'rejected', status: 'remediated' });
  });

  it('POST /api/v1/orgs/:code/alerts/:reference/exception/reject: national admins only, 409 when nothing is pending', async () => {
    const url = `/api/v1/orgs/${trust.odsCode}/alerts/CC-2026-0311/exception/reject`;
    const orgHeaders = await sessionHeaders(context, orgAdmin.email);
    const nationalHeaders = await sessionHeaders(context, national.email);
    const nothing = await call(server.app, { method: 'POST', url, headers: nationalHeaders });
    assert.equal(nothing.status, 409, JSON.stringify(nothing.body));
    await call(server.app, { method: 'POST', url: `/api/v1/orgs/${trust.odsCode}/alerts/CC-2026-0311/exception`, headers: orgHeaders, payload: request });
    assert.equal((await call(server.app, { method: 'POST', url, headers: orgHeaders, payload: {} })).status, 403);
    const response = await call(server.app, { method: 'POST', url, headers: nationalHeaders, payload: { reason: 'Not without a firewall rule' } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(response.body, { reference: 'CC-2026-0311', odsCode: trust.odsCode, exceptionState: 'rejected', status: 'issued' });
    assert.equal((await call(server.app, { method: 'POST', url: `/api/v1/orgs/${trust.odsCode}/alerts/CC-2026-0399/exception/reject`, headers: nationalHeaders })).status, 404);
  });
});
