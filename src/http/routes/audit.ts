import { z } from 'zod';
import { listAudit } from '../../services/audit/list-audit.js';
import { verifyAudit } from '../../services/audit/verify-audit.js';
import { defineRoute } from '../route-definition.js';
import { odsCodeParams } from './schemas.js';

const page = z
  .object({ before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })
  .strict();

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit',
    summary: 'The national audit log, newest first',
    tags: ['audit'],
    access: { kind: 'signed-in', action: 'audit:read-national' },
    querystring: page,
    async handler({ context, actor, query }) {
      return listAudit(context, actor, { limit: query.limit, ...(query.before ? { beforeSeq: query.before } : {}) });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/audit',
    summary: "One organisation's audit entries, newest first",
    tags: ['audit'],
    access: { kind: 'signed-in', action: 'audit:read', organisationParam: 'code' },
    params: odsCodeParams,
    querystring: page,
    async handler({ context, actor, params, query }) {
      return listAudit(context, actor, { odsCode: params.code, limit: query.limit, ...(query.before ? { beforeSeq: query.before } : {}) });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit/verify',
    summary: 'Check the audit chain for edited or removed entries (national admin)',
    tags: ['audit'],
    access: { kind: 'signed-in', action: 'audit:verify' },
    async handler({ context, actor }) {
      return verifyAudit(context, actor);
    },
  }),
];
