import { z } from 'zod';
import { createToken } from '../../services/tokens/create-token.js';
import { listTokens } from '../../services/tokens/list-tokens.js';
import { revokeToken } from '../../services/tokens/revoke-token.js';
import { defineRoute } from '../route-definition.js';
import { capability, odsCodeParams, uuid } from './schemas.js';

export const tokenRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/tokens',
    summary: "An organisation's API tokens (never their secrets)",
    tags: ['tokens'],
    access: { kind: 'signed-in', action: 'token:list', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return { tokens: await listTokens(context, actor, params.code) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/tokens',
    summary: 'Create an API token; its secret is in this response only',
    tags: ['tokens'],
    access: { kind: 'signed-in', action: 'token:create', organisationParam: 'code' },
    params: odsCodeParams,
    body: z
      .object({ name: z.string().min(1).max(100), capabilities: z.array(capability).min(1).max(10), expiresInDays: z.number().int().min(1).max(366).optional() })
      .strict(),
    successStatus: 201,
    async handler({ context, actor, params, body }) {
      return createToken(context, actor, params.code, body);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/orgs/:code/tokens/:id',
    summary: 'Revoke an API token',
    tags: ['tokens'],
    access: { kind: 'signed-in', action: 'token:revoke', organisationParam: 'code' },
    params: z.object({ code: z.string().min(1).max(20), id: uuid }).strict(),
    async handler({ context, actor, params }) {
      await revokeToken(context, actor, params.code, params.id);
      return { revoked: true };
    },
  }),
];
