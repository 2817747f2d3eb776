import { z } from 'zod';
import { findVulnerabilities } from '../../services/intel/find-vulnerabilities.js';
import { intelStatus } from '../../services/intel/intel-status.js';
import { defineRoute } from '../route-definition.js';

// Intelligence is national reference data, not any organisation's: every signed-in role may read it.
export const intelRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/intel/status',
    summary: 'Which intelligence feeds are loaded, from which file and when, with counts',
    tags: ['intel'],
    access: { kind: 'signed-in', action: 'intel:read' },
    async handler({ context, actor }) {
      return intelStatus(context, actor);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/vulns',
    summary: 'The CVEs that apply to one product version (cpe=CPE 2.3 or product=VENDOR:PRODUCT:VERSION)',
    tags: ['intel'],
    access: { kind: 'signed-in', action: 'intel:read' },
    querystring: z.object({ cpe: z.string().min(1).max(1000).optional(), product: z.string().min(1).max(500).optional() }).strict(),
    async handler({ context, actor, query }) {
      return findVulnerabilities(context, actor, { cpe: query.cpe, product: query.product });
    },
  }),
];
