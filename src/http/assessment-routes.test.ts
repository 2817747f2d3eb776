/**
 * Assessment routes: run, history, latest, national summary and manual results (JSON and
 * multipart with an attachment), with the access rules: an organisation's users read their own and
 * not another's, national roles read all, the national summary is for national roles only.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before } from 'node:test';
import type { Organisation } from '../core/organisation.js';
import { importText } from '../services/assessment/assessment-test-support.js';
import { inventoryCsv } from '../services/assessment/evidence-files.js';
import type { ServiceContext } from '../services/context.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext } from '../test-support/factories.js';
import { buildTestServer, call, sessionHeaders } from '../test-support/http.js';
import type { WardServer } from './build-server.js';

describeEachEngine('assessment routes', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let own: Organisation;
  let other: Organisation;
  const headers: Record<string, Record<string, string>> = {};

  before(async () => {
    context = serviceContext(database());
    server = await buildTestServer(context);
    own = await makeOrganisation(context);
    other = await makeOrganisation(context);
    await importText(context, operator, own.odsCode, 'inventory.csv', inventoryCsv([{ hostname: 'WS-9', os: 'Microsoft Windows 11 Enterprise', osVersion: '24H2', osBuild: '10.0.26100.7171', lastSeen: '2026-11-28' }]));
    const users = {
      member: await makeUser(context, 'org-member', { organisation: own }),
      otherAdmin: await makeUser(context, 'org-admin', { organisation: other }),
      analyst: await makeUser(context, 'national-analyst'),
      assessor: await makeUser(context, 'assessor', { assigned: [own] }),
      admin: await makeUser(context, 'org-admin', { organisation: own }),
    };
    for (const [name, user] of Object.entries(users)) headers[name] = await sessionHeaders(context, user.email);
  });

  const as = (who: string) => headers[who] ?? {};

  it('an organisation admin runs an assessment; the explained result names the devices', async () => {
    const response = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/assessments`, headers: as('admin'), payload: { asOf: '2026-11-28' } });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const body = response.body as { percent: number; deviceCount: number; explanation: { notEvidenced: { subject: string; reasons: string[] }[] } };
    assert.equal(body.deviceCount, 1);
    assert.ok(body.explanation.notEvidenced.some((c) => c.subject === 'device WS-9' && c.reasons.some((r) => r.includes('WS-9'))));
  });

  it('members read their own history and latest; another organisation gets 403', async () => {
    const history = await call(server.app, { method: 'GET', url: `/api/v1/orgs/${own.odsCode}/assessments`, headers: as('member') });
    assert.equal(history.status, 200);
    assert.equal((history.body as { assessments: unknown[] }).assessments.length, 1);
    const latest = await call(server.app, { method: 'GET', url: `/api/v1/orgs/${own.odsCode}/assessments/latest`, headers: as('member') });
    assert.equal(latest.status, 200);
    assert.ok(Array.isArray((latest.body as { checks: unknown[] }).checks));
    assert.equal((await call(server.app, { method: 'GET', url: `/api/v1/orgs/${own.odsCode}/assessments/latest`, headers: as('otherAdmin') })).status, 403);
    assert.equal((await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/assessments`, headers: as('member'), payload: {} })).status, 403);
    assert.equal((await call(server.app, { method: 'GET', url: `/api/v1/orgs/${own.odsCode}/assessments/latest`, headers: as('analyst') })).status, 200);
    assert.equal((await call(server.app, { method: 'GET', url: `/api/v1/orgs/${other.odsCode}/assessments/latest`, headers: as('analyst') })).status, 404);
  });

  it('the assigned assessor draws the CE+ sample with a seed; the same seed over the same devices is stored and listed, a third round is refused', async () => {
    const drawn = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/samples`, headers: as('assessor'), payload: { seed: 'api-seed' } });
    assert.equal(drawn.status, 201, JSON.stringify(drawn.body));
    const first = drawn.body as { round: number; seed: string; deviceIds: string[]; calculation: { builds: { build: string; population: number }[] } };
    assert.equal(first.round, 1);
    assert.equal(first.seed, 'api-seed');
    assert.equal(first.deviceIds.length, 1);
    assert.deepEqual(first.calculation.builds.map((b) => b.population), [1]);
    assert.equal((await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/samples`, headers: as('member'), payload: {} })).status, 403);
    assert.equal((await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/samples`, headers: as('assessor'), payload: { seed: 'x', extra: 1 } })).status, 400);
    const second = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/samples`, headers: as('assessor'), payload: {} });
    assert.equal(second.status, 201);
    assert.equal((second.body as { round: number }).round, 2);
    assert.equal((await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/samples`, headers: as('assessor'), payload: {} })).status, 409);
    const listed = await call(server.app, { method: 'GET', url: `/api/v1/orgs/${own.odsCode}/samples`, headers: as('member') });
    assert.equal(listed.status, 200);
    const rounds = (listed.body as { samples: { round: number; seed: string }[] }).samples;
    assert.deepEqual(rounds.map((r) => r.round), [1, 2]);
    assert.equal(rounds[0]?.seed, 'api-seed');
    assert.equal((await call(server.app, { method: 'GET', url: `/api/v1/orgs/${own.odsCode}/samples`, headers: as('otherAdmin') })).status, 403);
  });

  it('the national summary is for national roles only', async () => {
    const summary = await call(server.app, { method: 'GET', url: '/api/v1/national/summary', headers: as('analyst') });
    assert.equal(summary.status, 200);
    assert.ok((summary.body as { assessed: number }).assessed >= 1);
    assert.equal((await call(server.app, { method: 'GET', url: '/api/v1/national/summary', headers: as('admin') })).status, 403);
    assert.equal((await call(server.app, { method: 'GET', url: '/api/v1/national/summary', headers: as('assessor') })).status, 403);
  });

  it('the assigned assessor records a manual result with an attachment (multipart), hashed and audited', async () => {
    const file = Buffer.from('screenshot bytes: EICAR test file blocked by mail gateway');
    const boundary = '----ward-test-boundary';
    const field = (name: string, value: string) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const payload = Buffer.concat([
      Buffer.from(field('test', 'tc3-email') + field('result', 'pass') + field('device', 'ws-9') + field('notes', 'blocked at the gateway')),
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="attachment"; filename="gateway.png"\r\ncontent-type: image/png\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/manual-results`, headers: { ...as('assessor'), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const record = response.body as { id: string; deviceId: string; attachments: { sha256: string; sizeBytes: number }[] };
    assert.equal(record.attachments[0]?.sha256, createHash('sha256').update(file).digest('hex'));
    const stored = await database().db.selectFrom('assessment_attachments').selectAll().where('manual_result_id', '=', record.id).executeTakeFirstOrThrow();
    assert.deepEqual(Buffer.from(stored.content_base64, 'base64'), file);
    const audit = await database().db.selectFrom('audit_log').select(['action', 'actor_label']).where('object_id', '=', record.id).executeTakeFirstOrThrow();
    assert.equal(audit.action, 'assessment.manual-result.recorded');
    // The organisation's own admin may not record assessor results.
    const refused = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/manual-results`, headers: as('admin'), payload: { test: 'tc3-email', result: 'pass', device: 'ws-9' } });
    assert.equal(refused.status, 403);
    const invalid = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/manual-results`, headers: as('assessor'), payload: { test: 'tc3-email', result: 'maybe', device: 'ws-9' } });
    assert.equal(invalid.status, 400);
  });
});
