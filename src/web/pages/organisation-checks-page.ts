import { z } from 'zod';
import { notFound } from '../../core/errors.js';
import type { WardRoute } from '../../http/route-definition.js';
import { odsCodeParams } from '../../http/routes/schemas.js';
import { organisationReportPdf } from '../../reports/organisation-report/organisation-report.js';
import { latestAssessment } from '../../services/assessment/list-assessments.js';
import { failingCheckView, failingChecks } from '../view-models/assessment-view.js';
import { pagination } from '../view-models/pagination.js';
import { defineWebRoute } from '../web-route.js';

const checksPageSize = 50;

/** Every check of one rule that lost points in the latest assessment, paged on the server (large estates have thousands). */
export const organisationChecksPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/organisations/:code/checks/:ruleId',
    summary: 'The failed and not-evidenced checks of one rule in the latest assessment, with their devices and reasons (paged)',
    access: { kind: 'signed-in', action: 'assessment:read', organisationParam: 'code' },
    params: z.object({ code: odsCodeParams.shape.code, ruleId: z.string().min(1).max(80) }).strict(),
    querystring: z.object({ page: z.coerce.number().int().min(1).max(1_000_000).optional(), outcome: z.enum(['fail', 'not-evidenced']).optional() }).strict(),
    async handler({ context, actor, params, query }) {
      const assessment = await latestAssessment(context, actor, params.code);
      const rule = assessment.rules.find((r) => r.ruleId === params.ruleId);
      if (!rule) throw notFound(`Rule ${params.ruleId.slice(0, 40)}`);
      const all = failingChecks(assessment, rule.ruleId).filter((c) => query.outcome === undefined || c.outcome === query.outcome);
      const pageCount = Math.max(1, Math.ceil(all.length / checksPageSize));
      const page = Math.min(query.page ?? 1, pageCount);
      const base = `/organisations/${assessment.odsCode}/checks/${encodeURIComponent(rule.ruleId)}`;
      const href = (n: number) => `${base}?${new URLSearchParams({ ...(query.outcome ? { outcome: query.outcome } : {}), page: String(n) }).toString()}`;
      return {
        view: 'organisation-checks.njk',
        data: {
          organisation: { odsCode: assessment.odsCode, name: assessment.organisationName },
          rule,
          outcome: query.outcome ?? '',
          base,
          total: all.length,
          page,
          pageCount,
          checks: all.slice((page - 1) * checksPageSize, page * checksPageSize).map(failingCheckView),
          pagination: pagination({ page, pageCount, total: all.length }, href),
        },
      };
    },
  }),
  defineWebRoute({
    method: 'GET',
    url: '/organisations/:code/report.pdf',
    summary: 'Download the organisation board report (PDF) from the organisation page',
    access: { kind: 'signed-in', action: 'assessment:read', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params, reply }) {
      const { fileName, pdf } = await organisationReportPdf(context, actor, params.code);
      void reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${fileName}"`).type('application/pdf').send(pdf);
      return { sent: true };
    },
  }),
];
