/**
 * The national report (PDF): assessed, average, passing, distribution, areas, alerts and incidents,
 * as tables in the manner of the national audit's. Assembling the data (`assembleNationalReport`)
 * is separate from laying it out (`renderNationalReport`), so the CLI, the API and the web
 * download share both, and the figures are the dashboard's own (`nationalTables`).
 */
import PDFDocument from 'pdfkit';
import type { Actor } from '../core/principal.js';
import type { OrganisationFilter } from '../services/assessment/national-summary.js';
import type { ServiceContext } from '../services/context.js';
import { readNationalDashboard } from '../services/dashboard/read-national-dashboard.js';
import { nationalTables, type NationalTable, type NationalTableId } from './national-tables.js';
import { drawTable, heading } from './pdf-table-layout.js';

export type NationalReportData = {
  generatedAt: string;
  /** e.g. "All organisations" or "Region: London; kind: trust". */
  scope: string;
  sections: { heading: string; intro?: string; table: NationalTable; emptyText?: string }[];
};

const sectionOrder: { id: NationalTableId; heading: string; emptyText?: string }[] = [
  { id: 'headline', heading: '1. Organisations assessed, average and passing' },
  { id: 'distribution', heading: '2. Distribution of scores' },
  { id: 'trend', heading: '3. Average score over time', emptyText: 'No assessment stored yet.' },
  { id: 'areas', heading: '4. Areas, weakest first', emptyText: 'No assessment stored yet.' },
  { id: 'regions', heading: '5. By region', emptyText: 'No assessment stored yet.' },
  { id: 'kinds', heading: '6. By kind of organisation', emptyText: 'No assessment stored yet.' },
  { id: 'alerts', heading: '7. Alerts', emptyText: 'No alert issued yet.' },
  { id: 'legacy-by-os', heading: '8. Legacy systems', emptyText: 'No device past its operating system’s support in the latest assessments.' },
  { id: 'incidents-by-type', heading: '9. Incidents by type', emptyText: 'No incident reported.' },
  { id: 'incidents-by-month', heading: '10. Incidents by month', emptyText: 'No incident reported.' },
];

export async function assembleNationalReport(context: ServiceContext, actor: Actor, filter: OrganisationFilter = {}): Promise<NationalReportData> {
  const dashboard = await readNationalDashboard(context, actor, filter);
  const tables = nationalTables(dashboard);
  const scope = [filter.region ? `Region: ${filter.region}` : null, filter.kind ? `Kind: ${filter.kind}` : null].filter(Boolean).join('; ') || 'All organisations';
  const s = dashboard.assessment;
  const intros: Partial<Record<NationalTableId, string>> = {
    headline: `${s.assessed} of ${s.organisations} organisations have an assessment against Cyber Essentials Plus. A pass needs 100 %; "acceptable" is the separate policy threshold.`,
    alerts: 'For each recent alert: the share of organisations that acknowledged within the acknowledgement deadline (48 hours by default) and of those exposed that were verified remediated from evidence within the remediation deadline (14 days by default).',
    'legacy-by-os': `${dashboard.legacy.devices} devices run an operating system past its vendor's support, from each organisation's latest assessment.`,
    'incidents-by-type': `${dashboard.incidents.totals.incidents} incidents reported: ${dashboard.incidents.totals.appointmentsCancelled} appointments and ${dashboard.incidents.totals.operationsCancelled} operations cancelled, estimated cost £${dashboard.incidents.totals.estimatedCostPounds.toLocaleString('en-GB')}.`,
  };
  return {
    generatedAt: dashboard.asOf,
    scope,
    sections: sectionOrder.map((section) => ({ heading: section.heading, table: tables[section.id], ...(intros[section.id] ? { intro: intros[section.id] } : {}), ...(section.emptyText ? { emptyText: section.emptyText } : {}) })),
  };
}

/** Lays the report out on A4 with the standard fonts; resolves to the PDF's bytes. */
export function renderNationalReport(data: NationalReportData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Ward national report', Author: 'Ward', CreationDate: new Date(data.generatedAt) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(20).fillColor('#005eb8').text('National cyber security report');
  doc.font('Helvetica').fontSize(11).fillColor('#212b32').text(`Cyber Essentials Plus assurance from technical evidence. ${data.scope}. Generated ${data.generatedAt.slice(0, 16).replace('T', ' ')} UTC by Ward.`);
  for (const section of data.sections) {
    heading(doc, section.heading);
    if (section.intro) doc.font('Helvetica').fontSize(10).text(section.intro).moveDown(0.4);
    drawTable(doc, section.table, section.emptyText);
  }
  doc.end();
  return done;
}

/** Assembles and renders in one call (web download, API, CLI). */
export async function buildNationalReport(context: ServiceContext, actor: Actor, filter: OrganisationFilter = {}): Promise<Buffer> {
  return renderNationalReport(await assembleNationalReport(context, actor, filter));
}
