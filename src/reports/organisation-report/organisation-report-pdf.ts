/** The organisation board report's layout: the assembled figures (organisation-report-data.ts) as an A4 PDF. */
import { bullets, createPdf, heading, lineChart, pageNumbers, paragraph, table, title } from '../pdf/pdf-writer.js';
import type { OrganisationReport, ScoreRow } from './organisation-report-data.js';

const pc = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)}%`);
const n = (value: number) => value.toLocaleString('en-GB');
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '–');

/** The headings every report has, in order (tests look for them in the extracted text). */
export const organisationReportHeadings = ['Cyber Essentials Plus score', 'Score over time', 'Results by control and area', 'Failures explained', 'Remediation plan', 'Alerts', 'Legacy systems', 'Incident readiness'] as const;

const scoreColumns = (first: string) => [
  { header: first, width: 3 },
  { header: 'Score', width: 1.2, align: 'right' as const },
  { header: 'Passed', width: 1.4, align: 'right' as const },
  { header: 'Failed', width: 1, align: 'right' as const },
  { header: 'Not evidenced', width: 1.3, align: 'right' as const },
];
const scoreRows = (rows: readonly ScoreRow[]) => rows.map((r) => [r.label, pc(r.percent), `${n(r.passed)} of ${n(r.applicable)}`, n(r.failed), n(r.notEvidenced)]);

export async function renderOrganisationReportPdf(report: OrganisationReport): Promise<Buffer> {
  const { organisation: o } = report;
  const { doc, done } = createPdf({ title: `Board report: ${o.name}`, author: 'Ward', createdAt: new Date(report.generatedAt) });
  title(doc, `Board report: ${o.name}`, `ODS code ${o.odsCode}${o.region ? `, ${o.region}` : ''}. Produced by Ward on ${day(report.generatedAt)} from technical evidence.`);

  const [scoreHeading, trendHeading, resultsHeading, failuresHeading, planHeading, alertsHeading, legacyHeading, readinessHeading] = organisationReportHeadings;
  const a = report.assessment;
  heading(doc, `1. ${scoreHeading}`);
  if (a === null) paragraph(doc, report.trend === null ? 'Assessments are not available to this account.' : 'No assessment yet: the score appears once evidence has been imported and assessed.');
  else {
    paragraph(doc, `Score: ${pc(a.percent)} – ${a.verdict === 'pass' ? 'PASS' : 'FAIL'}`, { bold: true, size: 14 });
    paragraph(doc, `${n(a.passed)} of ${n(a.applicable)} checks passed, ${n(a.failed)} failed and ${n(a.notEvidenced)} could not be evidenced, on ${n(a.devices)} in-scope devices (Cyber Essentials v${a.ceVersion}, as of ${day(a.asOf)}). Cyber Essentials Plus is passed only when every check passes.`);
    paragraph(doc, `Under the discretionary policy the result is ${a.acceptable ? 'acceptable' : 'not acceptable'}: ${a.acceptableBecause}.`);
  }

  heading(doc, `2. ${trendHeading}`);
  const trend = report.trend ?? [];
  if (trend.length === 0) paragraph(doc, 'No assessment history yet.');
  else {
    if (trend.length >= 2) lineChart(doc, trend.map((t) => ({ label: t.asOf, value: t.percent })), { max: 100, unit: '%' });
    const recent = trend.slice(-12).reverse();
    table(doc, [{ header: 'As of', width: 2 }, { header: 'Score', width: 1, align: 'right' }], recent.map((t) => [t.asOf, pc(t.percent)]));
    if (trend.length > recent.length) paragraph(doc, `The ${recent.length} newest of ${trend.length} assessments are listed.`, { size: 8 });
  }

  if (a !== null) {
    heading(doc, `3. ${resultsHeading}`);
    table(doc, scoreColumns('Control'), scoreRows(a.byControl));
    table(doc, scoreColumns('Area'), scoreRows(a.byArea));

    heading(doc, `4. ${failuresHeading}`);
    if (a.failures.length === 0) paragraph(doc, 'No check failed and none lacked evidence.');
    for (const f of a.failures) {
      heading(doc, `${f.title} (${f.ruleId}): ${n(f.failed)} failed, ${n(f.notEvidenced)} not evidenced`, 2);
      bullets(doc, f.examples.map((e) => `${e.subject}: ${e.reason}`));
      const more = f.failed + f.notEvidenced - f.examples.length;
      if (more > 0) paragraph(doc, `… and ${n(more)} more (every check is listed on the organisation page in Ward).`, { size: 8 });
    }

    heading(doc, `5. ${planHeading}`);
    if (a.plan.length === 0) paragraph(doc, 'Nothing to fix.');
    else table(doc, [{ header: '#', width: 0.5, align: 'right' }, { header: 'Action', width: 6 }, { header: 'Checks regained', width: 1.6, align: 'right' }, { header: 'Known exploited', width: 1.4 }], a.plan.slice(0, 40).map((p, i) => [String(i + 1), p.description, `+${n(p.checksRegained)} (${p.scoreGain.toFixed(1)} pts)`, p.kev ? 'Yes' : '']));
    if (a.plan.length > 40) paragraph(doc, `The first 40 of ${a.plan.length} actions are listed.`, { size: 8 });
  }

  heading(doc, `6. ${alertsHeading}`);
  if (report.alerts === null) paragraph(doc, 'Alerts are not available to this account.');
  else if (report.alerts.length === 0) paragraph(doc, 'No national alert has been sent to this organisation.');
  else table(doc, [{ header: 'Alert', width: 4 }, { header: 'State', width: 1.6 }, { header: 'Devices', width: 1, align: 'right' }, { header: 'Acknowledged', width: 1.6 }, { header: 'Remediate by', width: 1.6 }], report.alerts.map((al) => [`${al.reference} ${al.title}`, al.state, n(al.affectedAssets), al.acknowledgedAt ? day(al.acknowledgedAt) : 'No', day(al.remediationDeadline)]));

  heading(doc, `7. ${legacyHeading}`);
  if (a === null) paragraph(doc, 'Known once the organisation is assessed.');
  else if (a.legacy.length === 0) paragraph(doc, 'No device runs an operating system past its end of support.');
  else table(doc, [{ header: 'Operating system', width: 4 }, { header: 'Support ended', width: 1.6 }, { header: 'Devices', width: 1, align: 'right' }], a.legacy.map((g) => [g.operatingSystem, day(g.supportEndsOn), n(g.devices)]));

  heading(doc, `8. ${readinessHeading}`);
  const r = report.readiness;
  if (r === null) paragraph(doc, 'Readiness is not available to this account.');
  else {
    const plan = r.plans[0];
    paragraph(doc, plan ? `Incident response plan ${plan.version}, owned by ${plan.owner}, approved ${plan.approvedOn}; next review ${plan.nextReviewOn}${plan.nextReviewOn < r.today ? ' (OVERDUE)' : ''}.` : 'No incident response plan has been uploaded (MISSING).');
    paragraph(doc, r.exercises.length === 0 ? 'No exercise recorded.' : `${r.exercises.length} exercise${r.exercises.length === 1 ? '' : 's'} recorded; the latest on ${r.exercises[0]?.heldOn ?? ''} (${r.exercises[0]?.type ?? ''}: ${r.exercises[0]?.scenario ?? ''}).`);
    if (r.overdueActions.length === 0) paragraph(doc, 'No exercise action is overdue.');
    else table(doc, [{ header: 'Overdue action', width: 4 }, { header: 'Owner', width: 1.6 }, { header: 'Due', width: 1.2 }], r.overdueActions.map((x) => [x.description, x.owner, x.dueOn]));
  }
  if (report.drills !== null) {
    heading(doc, 'Communication drills', 2);
    if (report.drills.length === 0) paragraph(doc, 'Not yet part of a drill.');
    else table(doc, [{ header: 'Drill', width: 4 }, { header: 'Started', width: 1.4 }, { header: 'Result', width: 2 }], report.drills.map((d) => [`${d.reference} ${d.title}`, day(d.startedAt), d.reached ? `Reached in ${Math.round((d.secondsToAcknowledge ?? 0) / 60)} min` : d.notReached ? 'Not reached' : 'Awaiting']));
  }
  if (report.incidents !== null) {
    heading(doc, 'Incidents', 2);
    if (report.incidents.length === 0) paragraph(doc, 'No incident reported.');
    else table(doc, [{ header: 'Incident', width: 1.6 }, { header: 'Started', width: 1.2 }, { header: 'Type', width: 1.2 }, { header: 'Impact', width: 3 }], report.incidents.map((i) => [i.reference, day(i.startedAt), i.type, `${n(i.appointmentsCancelled)} appointments and ${n(i.operationsCancelled)} operations cancelled; about £${n(i.estimatedCostPounds)}`]));
  }
  pageNumbers(doc, `Ward board report, ${o.odsCode}`);
  doc.end();
  return done;
}
