/** One alert's national board: totals, the exposure burn-down, the organisations' states (paged, filtered, exported) and the pending exception requests. */
import { z } from 'zod';
import { can } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { WardRoute } from '../../http/route-definition.js';
import { odsCodeParams } from '../../http/routes/schemas.js';
import { alertBoard, type AlertBoard, type OrganisationAlertState } from '../../services/alerts/read-alerts.js';
import { approveAlertException, rejectAlertException } from '../../services/alerts/respond-to-alert.js';
import type { ServiceContext } from '../../services/context.js';
import { renderLineChart } from '../charts/line-chart.js';
import { exportFormats, writeTableExport, type ExportCell } from '../exports/table-export.js';
import { formatDateTime, formatNumber } from '../format.js';
import { link } from '../view-models/html.js';
import { tag as alertStateTag } from '../view-models/organisation-panels.js';
import { pagination } from '../view-models/pagination.js';
import { csrfField, defineWebRoute, type PageResult } from '../web-route.js';
import { blankToUndefined } from '../view-models/query-values.js';

const reference = z.string().min(3).max(40);
const referenceParams = z.object({ reference }).strict();
const stateFilters = ['issued', 'acknowledged', 'overdue', 'escalated', 'remediated', 'exception', 'exception-requested', 'exposed'] as const;
const stateFilterLabels: Record<(typeof stateFilters)[number], string> = {
  issued: 'Awaiting acknowledgement',
  acknowledged: 'Acknowledged',
  overdue: 'Overdue',
  escalated: 'Escalated',
  remediated: 'Remediated',
  exception: 'Exception approved',
  'exception-requested': 'Exception requested',
  exposed: 'Exposed now',
};

const boardQuery = z
  .object({
    q: z.string().max(200).optional(),
    state: z.preprocess(blankToUndefined, z.enum(stateFilters).optional()),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
    issued: z.literal('1').optional(),
    decided: z.enum(['approved', 'rejected']).optional(),
    org: z.string().max(20).optional(),
  })
  .strict();
type BoardQuery = z.output<typeof boardQuery>;
const pageSize = 25;

/** The organisations the table shows: by name or ODS code, and by state. */
function filtered(organisations: readonly OrganisationAlertState[], query: Pick<BoardQuery, 'q' | 'state'>): OrganisationAlertState[] {
  const text = query.q?.trim().toLowerCase() ?? '';
  return organisations.filter((o) => {
    if (text !== '' && !o.name.toLowerCase().includes(text) && !o.odsCode.toLowerCase().includes(text)) return false;
    if (query.state === undefined) return true;
    if (query.state === 'exception-requested') return o.exception?.state === 'requested';
    if (query.state === 'exposed') return o.affectedAssets > 0;
    return o.state === query.state;
  });
}

function boardUrl(ref: string, query: Pick<BoardQuery, 'q' | 'state'>, extra: Record<string, string> = {}, suffix = ''): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries({ q: query.q, state: query.state, ...extra })) if (value !== undefined && value !== '') parameters.set(key, value);
  const text = parameters.toString();
  return `/alerts/${encodeURIComponent(ref)}${suffix}${text === '' ? '' : `?${text}`}`;
}

const numeric = (value: number) => ({ text: formatNumber(value), format: 'numeric' });
const percent = (value: number | null) => (value === null ? 'No organisation exposed' : `${formatNumber(value)} %`);
const exceptionLabels: Record<string, string> = { requested: 'Requested', approved: 'Approved', rejected: 'Rejected' };
function exceptionText(o: OrganisationAlertState): string {
  if (!o.exception) return 'None';
  const label = exceptionLabels[o.exception.state] ?? o.exception.state;
  return o.exception.state !== 'rejected' && o.exception.expiresAt ? `${label} until ${formatDateTime(o.exception.expiresAt)}` : label;
}

export async function boardView(board: AlertBoard, query: BoardQuery, canDecide: boolean) {
  const ref = board.alert.reference;
  const shown = filtered(board.organisations, query);
  const pageCount = Math.max(1, Math.ceil(shown.length / pageSize));
  const page = Math.min(query.page ?? 1, pageCount);
  const rows = shown.slice((page - 1) * pageSize, page * pageSize);
  const pending = board.organisations.filter((o) => o.exception?.state === 'requested');
  const decidedName = query.org ? (board.organisations.find((o) => o.odsCode === query.org)?.name ?? query.org) : null;
  return {
    alert: { ...board.alert, issuedAt: formatDateTime(board.alert.issuedAt), ackDeadline: formatDateTime(board.alert.ackDeadline), remediationDeadline: formatDateTime(board.alert.remediationDeadline) },
    issued: query.issued === '1',
    decided: query.decided && decidedName ? { approved: query.decided === 'approved', name: decidedName } : null,
    totals: {
      organisations: formatNumber(board.totals.organisations),
      acknowledgedInTime: `${formatNumber(board.totals.acknowledgedWithinDeadlinePercent)} %`,
      remediatedInTime: percent(board.totals.remediatedWithinDeadlinePercent),
      exposedNow: formatNumber(board.totals.exposedNow),
      assetsExposedNow: formatNumber(board.totals.assetsExposedNow),
      exceptions: formatNumber(board.totals.byState.exception ?? 0),
      pending: formatNumber(pending.length),
    },
    chart: board.burnDown.length > 0 ? await renderLineChart({ title: `Assets exposed to ${ref} over time`, points: board.burnDown.map((p) => ({ label: formatDateTime(p.at), value: p.assetsExposed })) }) : null,
    burnDown: board.burnDown.map((p) => [{ text: formatDateTime(p.at) }, numeric(p.organisationsExposed), numeric(p.assetsExposed)]),
    query: { q: query.q ?? '', state: query.state ?? '' },
    filteredOut: query.q !== undefined || query.state !== undefined,
    stateItems: [{ value: '', text: 'Every state' }, ...stateFilters.map((state) => ({ value: state, text: stateFilterLabels[state], selected: state === query.state }))],
    shownCount: formatNumber(shown.length),
    rows: rows.map((o) => [
      { html: link(`/organisations/${o.odsCode}/alerts/${encodeURIComponent(ref)}`, o.name) },
      { text: o.odsCode },
      { html: alertStateTag(o.state) },
      numeric(o.affectedAssets),
      { text: o.acknowledgedAt ? formatDateTime(o.acknowledgedAt) : 'Not yet' },
      { text: o.remediatedAt ? formatDateTime(o.remediatedAt) : 'Not yet' },
      numeric(o.escalations),
      { text: exceptionText(o) },
    ]),
    pagination: pagination({ page, pageCount, total: shown.length }, (n) => boardUrl(ref, query, { page: String(n) })),
    exportCsv: boardUrl(ref, query, { format: 'csv' }, '/export'),
    exportXlsx: boardUrl(ref, query, { format: 'xlsx' }, '/export'),
    pending: pending.map((o) => ({
      odsCode: o.odsCode,
      name: o.name,
      href: `/organisations/${o.odsCode}/alerts/${encodeURIComponent(ref)}`,
      justification: o.exception?.justification ?? '',
      compensatingControls: o.exception?.compensatingControls ?? '',
      expiresAt: o.exception?.expiresAt ? formatDateTime(o.exception.expiresAt) : '',
      requestedBy: o.exception?.requestedBy ?? '',
      // Evidence verified the fix after the request: approving would hide that (the service refuses).
      remediated: o.state === 'remediated',
      approveAction: `/alerts/${encodeURIComponent(ref)}/exceptions/${o.odsCode}/approve`,
      rejectAction: `/alerts/${encodeURIComponent(ref)}/exceptions/${o.odsCode}/reject`,
    })),
    canDecide,
    csrfField,
  };
}

async function boardPage(context: ServiceContext, actor: Actor, ref: string, query: BoardQuery): Promise<PageResult> {
  const board = await alertBoard(context, actor, ref);
  return { view: 'alert-board.njk', data: await boardView(board, query, can(actor.principal, 'alert:approve-exception')) };
}

/** The board's organisation table as exported: the same filters, every page. */
const exportColumns: { header: string; width: number; value: (o: OrganisationAlertState) => ExportCell }[] = [
  { header: 'ODS code', width: 10, value: (o) => o.odsCode },
  { header: 'Organisation', width: 50, value: (o) => o.name },
  { header: 'State', width: 16, value: (o) => o.state },
  { header: 'Affected devices', width: 16, value: (o) => o.affectedAssets },
  { header: 'Acknowledged', width: 26, value: (o) => o.acknowledgedAt },
  { header: 'Remediated', width: 26, value: (o) => o.remediatedAt },
  { header: 'Overdue', width: 16, value: (o) => o.overdue },
  { header: 'Escalations', width: 12, value: (o) => o.escalations },
  { header: 'Exception', width: 12, value: (o) => o.exception?.state ?? null },
  { header: 'Exception until', width: 26, value: (o) => o.exception?.expiresAt ?? null },
  { header: 'Evidence judged up to', width: 26, value: (o) => o.evidenceThrough },
];

const decisionParams = z.object({ reference, code: odsCodeParams.shape.code }).strict();

export const alertBoardPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/alerts/:reference',
    summary: "One alert's national board: totals, exposure burn-down, every organisation's state, pending exception requests",
    access: { kind: 'signed-in', action: 'alert:read-national' },
    params: referenceParams,
    querystring: boardQuery,
    handler: ({ context, actor, params, query }) => boardPage(context, actor, params.reference, query),
  }),
  defineWebRoute({
    method: 'GET',
    url: '/alerts/:reference/export',
    summary: "The board's organisation table as CSV or XLSX, with the filters of the page",
    access: { kind: 'signed-in', action: 'alert:read-national' },
    params: referenceParams,
    querystring: boardQuery.pick({ q: true, state: true }).extend({ format: z.enum(exportFormats) }),
    async handler({ context, actor, params, query, reply }) {
      const board = await alertBoard(context, actor, params.reference);
      const rows = filtered(board.organisations, query).map((o) => exportColumns.map((c) => c.value(o)));
      await writeTableExport(reply, { fileName: `ward-alert-${board.alert.reference}-${context.clock.now().toISOString().slice(0, 10)}`, sheetName: board.alert.reference, columns: exportColumns, rows }, query.format);
      return { sent: true };
    },
  }),
  defineWebRoute({
    method: 'POST',
    url: '/alerts/:reference/exceptions/:code/approve',
    summary: "Approve an organisation's requested exception from the board (national admins)",
    access: { kind: 'signed-in', action: 'alert:approve-exception' },
    params: decisionParams,
    form: 'urlencoded',
    async handler({ context, actor, params }) {
      const result = await approveAlertException(context, actor, params.reference, params.code);
      return { redirect: `/alerts/${encodeURIComponent(result.reference)}?decided=approved&org=${result.odsCode}` };
    },
  }),
  defineWebRoute({
    method: 'POST',
    url: '/alerts/:reference/exceptions/:code/reject',
    summary: "Reject an organisation's requested exception from the board, with an optional reason (national admins)",
    access: { kind: 'signed-in', action: 'alert:approve-exception' },
    params: decisionParams,
    form: 'urlencoded',
    async handler({ context, actor, params, form }) {
      const reason = form.reason?.trim();
      const result = await rejectAlertException(context, actor, params.reference, params.code, reason ? { reason } : {});
      return { redirect: `/alerts/${encodeURIComponent(result.reference)}?decided=rejected&org=${result.odsCode}` };
    },
  }),
];
