import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../../services/context.js';
import { assembleOrganisationReport } from './organisation-report-data.js';
import { renderOrganisationReportPdf } from './organisation-report-pdf.js';

/** The organisation board report as PDF bytes, with the file name it is offered under. */
export async function organisationReportPdf(context: ServiceContext, actor: Actor, odsCode: string): Promise<{ fileName: string; pdf: Buffer }> {
  const report = await assembleOrganisationReport(context, actor, odsCode);
  const pdf = await renderOrganisationReportPdf(report);
  return { fileName: `ward-board-report-${report.organisation.odsCode}-${report.generatedAt.slice(0, 10)}.pdf`, pdf };
}
