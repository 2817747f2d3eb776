import { z } from 'zod';
import { findVulnerabilities } from '../../services/intel/find-vulnerabilities.js';
import { intelCoverage } from '../../services/intel/intel-coverage.js';
import { intelStatus } from '../../services/intel/intel-status.js';
import { listUndetectableKev } from '../../services/intel/list-undetectable-kev.js';
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
    url: '/api/v1/intel/coverage',
    summary: 'Of the CVEs loaded, how many each source (NVD, CVE 5 CNA data, Vulnrichment, OSV) can tie to software, per year; KEV entries detectable before and after',
    tags: ['intel'],
    access: { kind: 'signed-in', action: 'intel:read' },
    async handler({ context, actor }) {
      return intelCoverage(context, actor);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/national/kev-gaps',
    summary: 'The KEV entries Ward cannot detect on any product (no loaded source ties them to software), newest first',
    tags: ['intel'],
    access: { kind: 'signed-in', action: 'national:read' },
    querystring: z.object({ limit: z.coerce.number().int().min(1).max(5000).optional() }).strict(),
    async handler({ context, actor, query }) {
      return listUndetectableKev(context, actor, query.limit === undefined ? {} : { limit: query.limit });
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
