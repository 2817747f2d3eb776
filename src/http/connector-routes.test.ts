import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before } from 'node:test';
import type { Organisation } from '../core/organisation.js';
import type { ServiceContext } from '../services/context.js';
import { createToken } from '../services/tokens/create-token.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext } from '../test-support/factories.js';
import { buildTestServer, call, sessionHeaders } from '../test-support/http.js';
import type { WardServer } from './build-server.js';

const fixture = (path: string) => readFileSync(new URL(`../ingest/formats/testdata/${path}`, import.meta.url));

describeEachEngine('connector routes and Defender uploads', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let own: Organisation;
  let adminHeaders: Record<string, string>;

  before(async () => {
    context = serviceContext(database());
    server = await buildTestServer(context);
    own = await makeOrganisation(context);
    const admin = await makeUser(context, 'org-admin', { organisation: own });
    adminHeaders = await sessionHeaders(context, admin.email);
  });

  it('uploads a Defender export through the import endpoint', async () => {
    const token = (await createToken(context, operator, own.odsCode, { name: 'defender export', capabilities: ['ingest'] })).token;
    const response = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/imports?fileName=deviceavinfo.json`, payload: fixture('defender-av-health/av-health.json'), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const summary = response.body as { format: string; assets: number; observations: number };
    assert.deepEqual([summary.format, summary.assets, summary.observations], ['defender-av-health', 3, 26]);
  });

  it('registers a connector with a write-only secret and lists it without one', async () => {
    const payload = { tenantId: '3f1c9a52-7b1e-4c8d-9a0f-5e6d7c8b9a01', clientId: '8d2e4f60-1a3b-4c5d-8e9f-0a1b2c3d4e5f', clientSecret: 'route-secret-value', intervalMinutes: 720 };
    const created = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/connectors/defender`, payload, headers: adminHeaders });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.ok(!JSON.stringify(created.body).includes('route-secret-value'));
    const listed = await call(server.app, { method: 'GET', url: `/api/v1/orgs/${own.odsCode}/connectors`, headers: adminHeaders });
    assert.equal(listed.status, 200);
    const { connectors } = listed.body as { connectors: { kind: string; intervalMinutes: number; secretSet: boolean }[] };
    assert.deepEqual(connectors.map((c) => [c.kind, c.intervalMinutes, c.secretSet]), [['defender', 720, true]]);
    assert.ok(!JSON.stringify(listed.body).includes('route-secret-value'));
    // Updating without a secret keeps the stored one; a bad client id is refused field by field.
    const updated = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/connectors/defender`, payload: { tenantId: payload.tenantId, clientId: payload.clientId, enabled: false }, headers: adminHeaders });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal((updated.body as { enabled: boolean }).enabled, false);
    const bad = await call(server.app, { method: 'POST', url: `/api/v1/orgs/${own.odsCode}/connectors/defender`, payload: { tenantId: payload.tenantId, clientId: 'not-a-guid' }, headers: adminHeaders });
    assert.equal(bad.status, 400);
  });
});
