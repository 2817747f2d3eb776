import { z } from 'zod';
import { listConnectors } from '../../services/connectors/list-connectors.js';
import { registerDefenderConnector } from '../../services/connectors/register-defender-connector.js';
import { defineRoute } from '../route-definition.js';
import { odsCodeParams } from './schemas.js';

export const connectorRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/connectors',
    summary: "An organisation's connectors and their last pull (never their secrets)",
    tags: ['connectors'],
    access: { kind: 'signed-in', action: 'connector:list', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return { connectors: await listConnectors(context, actor, params.code) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/connectors/defender',
    summary: 'Register or update the Microsoft Defender for Endpoint connector; the client secret is write-only',
    tags: ['connectors'],
    access: { kind: 'signed-in', action: 'connector:manage', organisationParam: 'code' },
    params: odsCodeParams,
    body: z
      .object({
        tenantId: z.string().min(1).max(255),
        clientId: z.string().min(1).max(255),
        clientSecret: z.string().min(1).max(1024).optional(),
        intervalMinutes: z.number().int().min(15).max(10_080).optional(),
        enabled: z.boolean().optional(),
      })
      .strict(),
    async handler({ context, actor, params, body }) {
      return registerDefenderConnector(context, actor, params.code, body);
    },
  }),
];
