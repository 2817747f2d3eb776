/**
 * Every route of the API × every kind of caller. The expected answer is derived from the route's
 * declared access and the one authorisation module, so a new route without a rule, or a route whose
 * use case checks something other than what it declares, fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before } from 'node:test';
import { can } from '../core/authorization.js';
import type { Principal } from '../core/principal.js';
import { roles } from '../core/roles.js';
import { createToken } from '../services/tokens/create-token.js';
import type { ServiceContext } from '../services/context.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext, testPassword, uniqueOdsCode } from '../test-support/factories.js';
import { buildTestServer, call, sessionHeaders } from '../test-support/http.js';
import type { WardRoute } from './route-definition.js';
import type { WardServer } from './build-server.js';

type Caller = { name: string; principal: Principal | null; headers: () => Promise<Record<string, string>>; forgetSession?: () => void };

/** A request for each route that would succeed for an authorised caller, aimed at organisation A. */
type Target = { odsCode: string; userId: string; tokenId: string; loginEmail: string };
/** A real Lynis report, small enough to upload once per caller. */
const uploadBody = readFileSync(new URL('../ingest/formats/testdata/lynis/lynis_one_vuln.dat', import.meta.url));

/** The same report as a browser's multipart form sends it (the CSRF token travels in the header here). */
const multipartBoundary = 'ward-matrix-boundary';
const multipartUpload = Buffer.concat([
  Buffer.from(`--${multipartBoundary}\r\nContent-Disposition: form-data; name="file"; filename="report.dat"\r\nContent-Type: application/octet-stream\r\n\r\n`),
  uploadBody,
  Buffer.from(`\r\n--${multipartBoundary}--\r\n`),
]);
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

const examples: Record<string, (target: Target) => { url: string; payload?: unknown; headers?: Record<string, string> }> = {
  'GET /healthz': () => ({ url: '/healthz' }),
  'GET /api/openapi.json': () => ({ url: '/api/openapi.json' }),
  'POST /api/v1/session': (t) => ({ url: '/api/v1/session', payload: { email: t.loginEmail, password: testPassword } }),
  'GET /api/v1/session': () => ({ url: '/api/v1/session' }),
  'DELETE /api/v1/session': () => ({ url: '/api/v1/session' }),
  'POST /api/v1/session/totp': () => ({ url: '/api/v1/session/totp', payload: { code: '123456' } }),
  'POST /api/v1/session/totp/enrolment': () => ({ url: '/api/v1/session/totp/enrolment' }),
  'POST /api/v1/session/totp/enrolment/confirm': () => ({ url: '/api/v1/session/totp/enrolment/confirm', payload: { code: '123456' } }),
  'DELETE /api/v1/users/:id/totp': (t) => ({ url: `/api/v1/users/${t.userId}/totp` }),
  'GET /api/v1/orgs': () => ({ url: '/api/v1/orgs' }),
  'POST /api/v1/orgs': () => ({ url: '/api/v1/orgs', payload: { odsCode: uniqueOdsCode(), name: 'Matrix Trust' } }),
  'GET /api/v1/orgs/:code': (t) => ({ url: `/api/v1/orgs/${t.odsCode}` }),
  'PATCH /api/v1/orgs/:code': (t) => ({ url: `/api/v1/orgs/${t.odsCode}`, payload: { region: 'London' } }),
  'GET /api/v1/orgs/:code/users': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/users` }),
  'POST /api/v1/orgs/:code/users': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/users`, payload: { email: `${uniqueOdsCode()}@matrix.ward`, displayName: 'M', role: 'org-member', password: 'a long enough password' } }),
  'GET /api/v1/users': () => ({ url: '/api/v1/users' }),
  'POST /api/v1/users': () => ({ url: '/api/v1/users', payload: { email: `${uniqueOdsCode()}@national.ward`, displayName: 'N', role: 'national-analyst', password: 'a long enough password' } }),
  'POST /api/v1/users/:id/unlock': (t) => ({ url: `/api/v1/users/${t.userId}/unlock` }),
  'GET /api/v1/orgs/:code/tokens': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/tokens` }),
  'POST /api/v1/orgs/:code/tokens': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/tokens`, payload: { name: 'matrix', capabilities: ['ingest'] } }),
  'DELETE /api/v1/orgs/:code/tokens/:id': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/tokens/${t.tokenId}` }),
  'GET /api/v1/audit': () => ({ url: '/api/v1/audit' }),
  'GET /api/v1/orgs/:code/audit': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/audit` }),
  'GET /api/v1/audit/verify': () => ({ url: '/api/v1/audit/verify' }),
  'GET /api/v1/intel/status': () => ({ url: '/api/v1/intel/status' }),
  'GET /api/v1/intel/coverage': () => ({ url: '/api/v1/intel/coverage' }),
  'GET /api/v1/national/kev-gaps': () => ({ url: '/api/v1/national/kev-gaps?limit=5' }),
  'GET /api/v1/vulns': () => ({ url: '/api/v1/vulns?product=apache:log4j:2.14.1' }),
  'POST /api/v1/orgs/:code/imports': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/imports?fileName=report.dat`, payload: uploadBody, headers: { 'content-type': 'application/octet-stream' } }),
  'GET /api/v1/orgs/:code/imports': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/imports` }),
  'GET /api/v1/orgs/:code/exposure': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/exposure` }),
  // Web pages (src/web): anonymous callers are sent to the sign-in page instead of a 401.
  'GET /sign-in': () => ({ url: '/sign-in' }),
  'POST /sign-in': (t) => ({ url: '/sign-in', payload: new URLSearchParams({ email: t.loginEmail, password: testPassword }).toString(), headers: formHeaders }),
  'POST /sign-out': () => ({ url: '/sign-out', payload: '', headers: formHeaders }),
  'GET /sign-in/totp': () => ({ url: '/sign-in/totp' }),
  'GET /sign-in/oidc': () => ({ url: '/sign-in/oidc' }),
  'GET /sign-in/oidc/callback': () => ({ url: '/sign-in/oidc/callback?code=abc&state=def' }),
  'POST /sign-in/totp': () => ({ url: '/sign-in/totp', payload: 'code=123456', headers: formHeaders }),
  'GET /account/two-factor': () => ({ url: '/account/two-factor' }),
  'POST /account/two-factor': () => ({ url: '/account/two-factor', payload: '', headers: formHeaders }),
  'POST /account/two-factor/confirm': () => ({ url: '/account/two-factor/confirm', payload: 'code=123456', headers: formHeaders }),
  'GET /': () => ({ url: '/' }),
  'GET /national': () => ({ url: '/national' }),
  'GET /national/export': () => ({ url: '/national/export?table=heat-map&format=csv&region=London' }),
  'GET /national/report.pdf': () => ({ url: '/national/report.pdf' }),
  'GET /api/v1/national/dashboard': () => ({ url: '/api/v1/national/dashboard?kind=trust' }),
  'GET /api/v1/national/report': () => ({ url: '/api/v1/national/report' }),
  'GET /organisations': () => ({ url: '/organisations?sort=devices&dir=desc' }),
  'GET /organisations/export': () => ({ url: '/organisations/export?format=csv' }),
  'GET /organisations/:code': (t) => ({ url: `/organisations/${t.odsCode}?q=host` }),
  'POST /organisations/:code/imports': (t) => ({ url: `/organisations/${t.odsCode}/imports`, payload: multipartUpload, headers: { 'content-type': `multipart/form-data; boundary=${multipartBoundary}` } }),
  'POST /organisations/:code/assessments': (t) => ({ url: `/organisations/${t.odsCode}/assessments`, payload: '', headers: formHeaders }),
  'GET /organisations/:code/checks/:ruleId': (t) => ({ url: `/organisations/${t.odsCode}/checks/CE-PATCH?page=1` }),
  'GET /organisations/:code/alerts/:reference': (t) => ({ url: `/organisations/${t.odsCode}/alerts/CC-2026-0001` }),
  'POST /organisations/:code/alerts/:reference/acknowledge': (t) => ({ url: `/organisations/${t.odsCode}/alerts/CC-2026-0001/acknowledge`, payload: '', headers: formHeaders }),
  'POST /organisations/:code/alerts/:reference/exception': (t) => ({ url: `/organisations/${t.odsCode}/alerts/CC-2026-0001/exception`, payload: new URLSearchParams({ justification: 'A device that cannot be patched', compensatingControls: 'Isolated behind its own firewall', expiresAt: '2099-01-31' }).toString(), headers: formHeaders }),
  'GET /alerts': () => ({ url: '/alerts' }),
  'GET /alerts/new': () => ({ url: '/alerts/new' }),
  'POST /alerts': () => ({ url: '/alerts', payload: new URLSearchParams({ reference: `CC-2026-${String(++alertNumber).padStart(4, '0')}`, title: 'Matrix web alert', severity: 'high', ports: '445' }).toString(), headers: formHeaders }),
  'GET /alerts/:reference': () => ({ url: '/alerts/CC-2026-0001?state=exposed' }),
  'GET /alerts/:reference/export': () => ({ url: '/alerts/CC-2026-0001/export?format=csv' }),
  'POST /alerts/:reference/exceptions/:code/approve': (t) => ({ url: `/alerts/CC-2026-0001/exceptions/${t.odsCode}/approve`, payload: '', headers: formHeaders }),
  'POST /alerts/:reference/exceptions/:code/reject': (t) => ({ url: `/alerts/CC-2026-0001/exceptions/${t.odsCode}/reject`, payload: 'reason=Matrix', headers: formHeaders }),
  'GET /organisations/:code/report.pdf': (t) => ({ url: `/organisations/${t.odsCode}/report.pdf` }),
  'GET /organisations/:code/export/devices': (t) => ({ url: `/organisations/${t.odsCode}/export/devices?format=csv&q=host` }),
  'GET /organisations/:code/export/checks': (t) => ({ url: `/organisations/${t.odsCode}/export/checks?format=xlsx` }),
  'GET /organisations/:code/export/exposure': (t) => ({ url: `/organisations/${t.odsCode}/export/exposure?format=csv` }),
  'GET /organisations/:code/export/alerts': (t) => ({ url: `/organisations/${t.odsCode}/export/alerts?format=csv` }),
  'GET /organisations/:code/incidents/new': (t) => ({ url: `/organisations/${t.odsCode}/incidents/new` }),
  'POST /organisations/:code/incidents': (t) => ({ url: `/organisations/${t.odsCode}/incidents`, payload: new URLSearchParams({ type: 'phishing', summary: 'Matrix incident', startedAt: '2026-01-05T08:00:00Z' }).toString(), headers: formHeaders }),
  'GET /organisations/:code/assessor': (t) => ({ url: `/organisations/${t.odsCode}/assessor` }),
  'POST /organisations/:code/assessor/samples': (t) => ({ url: `/organisations/${t.odsCode}/assessor/samples`, payload: 'seed=matrix', headers: formHeaders }),
  'POST /organisations/:code/assessor/results': (t) => ({ url: `/organisations/${t.odsCode}/assessor/results`, payload: 'test=tc3-email&result=pass&device=no-such-device', headers: formHeaders }),
  'GET /api/v1/orgs/:code/report.pdf': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/report.pdf` }),
  'GET /api/v1/orgs/:code/connectors': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/connectors` }),
  'POST /api/v1/orgs/:code/connectors/defender': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/connectors/defender`, payload: { tenantId: '3f1c9a52-7b1e-4c8d-9a0f-5e6d7c8b9a01', clientId: '8d2e4f60-1a3b-4c5d-8e9f-0a1b2c3d4e5f', clientSecret: 'matrix-secret' } }),
  'POST /api/v1/orgs/:code/assessments': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/assessments`, payload: { asOf: '2026-11-28' } }),
  'GET /api/v1/orgs/:code/assessments': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/assessments` }),
  'GET /api/v1/orgs/:code/assessments/latest': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/assessments/latest` }),
  'GET /api/v1/national/summary': () => ({ url: '/api/v1/national/summary' }),
  'POST /api/v1/orgs/:code/samples': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/samples`, payload: { seed: 'matrix' } }),
  'GET /api/v1/orgs/:code/samples': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/samples` }),
  'POST /api/v1/orgs/:code/manual-results': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/manual-results`, payload: { test: 'tc3-email', result: 'pass', device: 'no-such-device', notes: 'matrix' } }),
  'GET /api/v1/alerts': () => ({ url: '/api/v1/alerts' }),
  'POST /api/v1/alerts': () => ({ url: '/api/v1/alerts', payload: { reference: `CC-2026-${String(++alertNumber).padStart(4, '0')}`, title: 'Matrix alert', severity: 'high', conditions: { ports: [{ port: 445 }] }, target: { all: true } } }),
  'GET /api/v1/alerts/:reference': () => ({ url: '/api/v1/alerts/CC-2026-0001' }),
  'GET /api/v1/orgs/:code/alerts': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/alerts` }),
  'GET /api/v1/orgs/:code/alerts/:reference': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/alerts/CC-2026-0001` }),
  'POST /api/v1/orgs/:code/alerts/:reference/acknowledge': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/alerts/CC-2026-0001/acknowledge` }),
  'POST /api/v1/orgs/:code/alerts/:reference/exception': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/alerts/CC-2026-0001/exception`, payload: { justification: 'A device that cannot be patched', compensatingControls: 'Isolated behind its own firewall', expiresAt: '2099-01-31' } }),
  'POST /api/v1/orgs/:code/alerts/:reference/exception/approve': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/alerts/CC-2026-0001/exception/approve` }),
  'POST /api/v1/orgs/:code/alerts/:reference/exception/reject': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/alerts/CC-2026-0001/exception/reject`, payload: { reason: 'Matrix refusal' } }),
  'GET /api/v1/orgs/:code/contacts': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/contacts` }),
  'POST /api/v1/orgs/:code/contacts': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/contacts`, payload: { name: 'Duty manager', role: 'On call', email: 'duty@trust.nhs.uk', altEmail: 'duty.trust@outlook.example' } }),
  'GET /api/v1/readiness/contacts': () => ({ url: '/api/v1/readiness/contacts' }),
  'POST /api/v1/readiness/contacts': () => ({ url: '/api/v1/readiness/contacts', payload: { name: 'National duty officer', role: 'CSOC', email: 'csoc@national.example', phone: '+44 20 7946 0000' } }),
  'POST /api/v1/orgs/:code/plans': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/plans?fileName=plan.pdf&version=1.0&owner=CIO&approvedOn=2026-01-10&nextReviewOn=2027-01-10`, payload: Buffer.from('%PDF-1.4\n% matrix plan\n%%EOF\n'), headers: { 'content-type': 'application/pdf' } }),
  'GET /api/v1/orgs/:code/plans': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/plans` }),
  'GET /api/v1/orgs/:code/plans/:id/document': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/plans/6f1d1c2e-9d4e-4c1b-8a57-3a1f0e2b7c44/document` }),
  'GET /api/v1/readiness/plans': () => ({ url: '/api/v1/readiness/plans?problems=true' }),
  'GET /api/v1/orgs/:code/exercises': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/exercises` }),
  'POST /api/v1/orgs/:code/exercises': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/exercises`, payload: { heldOn: '2026-10-01', type: 'tabletop', scenario: 'ransomware', participants: ['IT', 'Board'], nationalBodiesContacted: false, findings: 'matrix', actions: [{ description: 'Print the plan', owner: 'IT', dueOn: '2026-12-01' }] } }),
  'PATCH /api/v1/orgs/:code/actions/:id': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/actions/6f1d1c2e-9d4e-4c1b-8a57-3a1f0e2b7c44`, payload: { status: 'done' } }),
  'GET /api/v1/orgs/:code/actions/overdue': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/actions/overdue` }),
  'GET /api/v1/readiness/actions/overdue': () => ({ url: '/api/v1/readiness/actions/overdue' }),
  'GET /api/v1/drills': () => ({ url: '/api/v1/drills' }),
  'POST /api/v1/drills': (t) => ({ url: '/api/v1/drills', payload: { title: 'Matrix drill', odsCodes: [t.odsCode], windowHours: 1 } }),
  'GET /api/v1/drills/:reference': () => ({ url: '/api/v1/drills/DR-2026-9999' }),
  'POST /api/v1/drills/:reference/close': () => ({ url: '/api/v1/drills/DR-2026-9999/close' }),
  // Public: the token is the credential; an unknown one is 404 for everyone.
  'GET /api/v1/drill-acknowledgements/:token': () => ({ url: '/api/v1/drill-acknowledgements/aW52ZW50ZWQtdG9rZW4tZm9yLXRoZS1tYXRyaXgtdGVzdA' }),
  'POST /api/v1/drill-acknowledgements/:token': () => ({ url: '/api/v1/drill-acknowledgements/aW52ZW50ZWQtdG9rZW4tZm9yLXRoZS1tYXRyaXgtdGVzdA', payload: { name: 'Matrix' } }),
  'GET /drill-acknowledgements/:token': () => ({ url: '/drill-acknowledgements/aW52ZW50ZWQtdG9rZW4tZm9yLXRoZS1tYXRyaXgtdGVzdA' }),
  'POST /drill-acknowledgements': () => ({ url: '/drill-acknowledgements', payload: 'token=aW52ZW50ZWQtdG9rZW4tZm9yLXRoZS1tYXRyaXgtdGVzdA', headers: formHeaders }),
  'POST /api/v1/orgs/:code/incidents': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/incidents`, payload: { type: 'ransomware', summary: 'Matrix incident', startedAt: '2026-01-05T08:00:00Z', appointmentsCancelled: 3 } }),
  'GET /api/v1/orgs/:code/incidents': (t) => ({ url: `/api/v1/orgs/${t.odsCode}/incidents` }),
  'GET /api/v1/incidents': () => ({ url: '/api/v1/incidents' }),
  'GET /api/v1/incidents/totals': () => ({ url: '/api/v1/incidents/totals' }),
  'GET /drills': () => ({ url: '/drills' }),
  'GET /drills/new': () => ({ url: '/drills/new' }),
  'POST /drills': (t) => ({ url: '/drills', payload: new URLSearchParams({ title: 'Matrix drill', windowHours: '1', odsCodes: t.odsCode, 'channel-email': 'yes' }).toString(), headers: formHeaders }),
  'GET /drills/:reference': () => ({ url: '/drills/DR-2026-9999' }),
  'GET /drills/:reference/export': () => ({ url: '/drills/DR-2026-9999/export?format=csv' }),
  'POST /drills/:reference/close': () => ({ url: '/drills/DR-2026-9999/close', payload: 'confirm=yes', headers: formHeaders }),
  'GET /incidents': () => ({ url: '/incidents?type=ransomware&from=2026-01' }),
  'GET /incidents/export': () => ({ url: '/incidents/export?format=xlsx&region=London' }),
};
/** Alerts issued through the matrix get fresh references. */
let alertNumber = 0;

const routeKey = (route: WardRoute) => `${route.method} ${route.url}`;

describeEachEngine('authorisation matrix', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let organisationA: { id: string; odsCode: string };
  const callers: Caller[] = [];
  let loginEmail = '';

  /** Signs in once and reuses the session until a request ends it. */
  function sessionCaller(name: string, principal: Principal, email: string): Caller {
    let cached: Promise<Record<string, string>> | null = null;
    return { name, principal, headers: () => (cached ??= sessionHeaders(context, email)), forgetSession: () => void (cached = null) };
  }

  before(async () => {
    context = serviceContext(database());
    server = await buildTestServer(context);
    const a = await makeOrganisation(context);
    const b = await makeOrganisation(context);
    organisationA = a;
    for (const role of roles) {
      const placement = role === 'org-admin' || role === 'org-member' ? { organisation: a } : role === 'assessor' ? { assigned: [a] } : {};
      const user = await makeUser(context, role, placement);
      callers.push(sessionCaller(`${role} of A`, user.principal, user.email));
    }
    for (const role of ['org-admin', 'org-member'] as const) {
      const user = await makeUser(context, role, { organisation: b });
      callers.push(sessionCaller(`${role} of another organisation`, user.principal, user.email));
    }
    const otherAssessor = await makeUser(context, 'assessor', { assigned: [b] });
    callers.push(sessionCaller('assessor of another organisation', otherAssessor.principal, otherAssessor.email));
    loginEmail = (await makeUser(context, 'org-member', { organisation: b })).email;
    for (const [organisation, label] of [[a, 'A'], [b, 'another organisation']] as const) {
      for (const capability of ['ingest', 'read'] as const) {
        const token = await createToken(context, operator, organisation.odsCode, { name: `${capability}-${label}`, capabilities: [capability] });
        callers.push({
          name: `${capability} token of ${label}`,
          principal: { type: 'token', tokenId: token.id, label: token.name, organisationId: organisation.id, capabilities: [capability] },
          headers: () => Promise.resolve({ authorization: `Bearer ${token.token}` }),
        });
      }
    }
    callers.push({ name: 'anonymous', principal: null, headers: () => Promise.resolve({}) });
  });

  it('every route has an example request, and every registered route is in the route table', () => {
    const declared = server.routes.map(routeKey).sort();
    assert.deepEqual(Object.keys(examples).sort(), declared, 'a route was added without a matrix example');
    const registered = server.app.printRoutes({ commonPrefix: false });
    for (const route of server.routes) assert.ok(registered.includes(route.url.split('/').pop() ?? ''), route.url);
  });

  it('every route answers every caller as the authorisation module says', async () => {
    const failures: string[] = [];
    for (const route of server.routes) {
      // Objects the requests act on, in organisation A; unlocking and revoking are idempotent, so
      // one of each per route serves every caller.
      const user = await makeUser(context, 'org-member', { organisation: { ...organisationA, name: '', kind: 'trust', region: null, parentId: null, createdAt: '', updatedAt: '' } });
      const token = await createToken(context, operator, organisationA.odsCode, { name: 'victim', capabilities: ['ingest'] });
      for (const caller of callers) {
        const example = examples[routeKey(route)]?.({ odsCode: organisationA.odsCode, userId: user.id, tokenId: token.id, loginEmail });
        if (!example) {
          failures.push(`${routeKey(route)}: no example`);
          continue;
        }
        const response = await call(server.app, {
          method: route.method,
          url: example.url,
          headers: { ...(await caller.headers()), ...example.headers },
          ...(example.payload !== undefined ? { payload: example.payload as Record<string, unknown> } : {}),
        });
        if (routeKey(route) === 'DELETE /api/v1/session' || routeKey(route) === 'POST /sign-out') caller.forgetSession?.();
        let expected: 'allowed' | 401 | 403;
        if (route.access.kind === 'public') expected = 'allowed';
        else if (caller.principal === null) expected = 401;
        else expected = can(caller.principal, route.access.action, route.access.organisationParam ? organisationA.id : null) ? 'allowed' : 403;
        const location = String(response.headers.location);
        const signInRedirect = response.status === 303 && (location === '/sign-in' || location.startsWith('/sign-in?next='));
        const ok =
          expected === 'allowed'
            ? response.status !== 401 && response.status !== 403 && response.status < 500 && !(route.web && signInRedirect)
            : route.web && expected === 401
              ? signInRedirect
              : response.status === expected;
        if (!ok) failures.push(`${routeKey(route)} as ${caller.name}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
