/**
 * A route's declared access is enforced before its handler runs: these probe routes authorise
 * nothing themselves (as a form page that calls no use case until it is posted), yet only the
 * principals the declaration allows reach them.
 */
import assert from 'node:assert/strict';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { after, before } from 'node:test';
import { z } from 'zod';
import type { Organisation } from '../core/organisation.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, serviceContext } from '../test-support/factories.js';
import { sessionHeaders } from '../test-support/http.js';
import { registerAuthentication } from './authenticate.js';
import { handleError } from './error-handler.js';
import { defineRoute } from './route-definition.js';

describeEachEngine('declared route access', ({ database, it }) => {
  let app: FastifyInstance;
  let own: Organisation;
  let other: Organisation;
  let member: Record<string, string>;
  let analyst: Record<string, string>;

  before(async () => {
    const context = serviceContext(database());
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(handleError);
    await app.register(cookie);
    registerAuthentication(app, context);
    const open = () => Promise.resolve({ reached: true });
    defineRoute({ method: 'GET', url: '/probe/drills/new', summary: 'probe', tags: [], access: { kind: 'signed-in', action: 'drill:run' }, handler: open }).register(app, context);
    defineRoute({ method: 'GET', url: '/probe/orgs/:code', summary: 'probe', tags: [], access: { kind: 'signed-in', action: 'import:create', organisationParam: 'code' }, params: z.object({ code: z.string() }), handler: open }).register(app, context);
    await app.ready();
    own = await makeOrganisation(context, { name: 'Own Trust' });
    other = await makeOrganisation(context, { name: 'Other Trust' });
    member = await sessionHeaders(context, (await makeUser(context, 'org-admin', { organisation: own })).email);
    analyst = await sessionHeaders(context, (await makeUser(context, 'national-analyst')).email);
  });
  after(() => app.close());

  const status = async (url: string, headers: Record<string, string>) => (await app.inject({ method: 'GET', url, headers })).statusCode;

  it('a national action is refused to an organisation admin and to a national analyst without it', async () => {
    assert.equal(await status('/probe/drills/new', member), 403);
    assert.equal(await status('/probe/drills/new', analyst), 403);
    assert.equal(await status('/probe/drills/new', {}), 401);
  });

  it("an organisation action is allowed on the caller's own organisation only; an unknown code is left to the handler", async () => {
    assert.equal(await status(`/probe/orgs/${own.odsCode}`, member), 200);
    assert.equal(await status(`/probe/orgs/${own.odsCode.toLowerCase()}`, member), 200);
    assert.equal(await status(`/probe/orgs/${other.odsCode}`, member), 403);
    assert.equal(await status(`/probe/orgs/${other.odsCode}`, analyst), 403, 'a national analyst may not import');
    assert.equal(await status('/probe/orgs/ZZZ99', member), 200);
  });
});
