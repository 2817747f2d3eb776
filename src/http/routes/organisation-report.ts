import { organisationReportPdf } from '../../reports/organisation-report/organisation-report.js';
import { defineRoute, type WardRoute } from '../route-definition.js';
import { odsCodeParams } from './schemas.js';

/** The organisation board report (PDF): score, trend, failures explained, plan, alerts, legacy systems, readiness. */
export const organisationReportRoutes: WardRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/report.pdf',
    summary: 'The organisation board report as a PDF (sections the caller may not read are left out)',
    tags: ['reports'],
    access: { kind: 'signed-in', action: 'assessment:read', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params, reply }) {
      const { fileName, pdf } = await organisationReportPdf(context, actor, params.code);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `attachment; filename="${fileName}"`);
      reply.header('cache-control', 'no-store');
      return pdf;
    },
  }),
];
