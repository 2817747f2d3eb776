import { z } from 'zod';
import { organisationKinds } from '../../core/organisation.js';
import { buildNationalReport } from '../../reports/national-report.js';
import type { OrganisationFilter } from '../../services/assessment/national-summary.js';
import { readNationalDashboardCached } from '../../services/dashboard/cached-national-dashboard.js';
import { defineRoute } from '../route-definition.js';

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** The national dashboard's filters: one region and/or one kind of organisation (blank = all). */
export const dashboardQuery = z
  .object({
    region: z.preprocess(blankToUndefined, z.string().max(200).optional()),
    kind: z.preprocess(blankToUndefined, z.enum(organisationKinds).optional()),
  })
  .strict();

export function toFilter(query: z.output<typeof dashboardQuery>): OrganisationFilter {
  return { ...(query.region ? { region: query.region } : {}), ...(query.kind ? { kind: query.kind } : {}) };
}

/** The national dashboard's data and the national report, for national roles. */
export const nationalRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/national/dashboard',
    summary: 'Everything the national dashboard shows: CE+ figures, trend, distribution, heat map, alert compliance and burn-down, legacy systems, incidents, drill reach (national roles)',
    tags: ['national'],
    access: { kind: 'signed-in', action: 'national:read' },
    querystring: dashboardQuery,
    async handler({ context, actor, query }) {
      return readNationalDashboardCached(context, actor, toFilter(query));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/national/report',
    summary: 'The national report as a PDF (national roles)',
    tags: ['national'],
    access: { kind: 'signed-in', action: 'national:read' },
    querystring: dashboardQuery,
    async handler({ context, actor, query, reply }) {
      const pdf = await buildNationalReport(context, actor, toFilter(query));
      void reply.type('application/pdf').header('content-disposition', `attachment; filename="ward-national-report-${context.clock.now().toISOString().slice(0, 10)}.pdf"`);
      return pdf;
    },
  }),
];
