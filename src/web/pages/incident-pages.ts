/** The national incident register: totals by month and type, a filtered paged table, CSV/XLSX export. */
import { z } from 'zod';
import { organisationKinds } from '../../core/organisation.js';
import type { WardRoute } from '../../http/route-definition.js';
import { incidentTypes } from '../../services/incidents/incident-view.js';
import type { ImpactTotals } from '../../services/incidents/list-incidents.js';
import { filteredIncidents, searchIncidents, type IncidentFilter, type IncidentSearchResult, type RegisterIncident } from '../../services/incidents/search-incidents.js';
import { renderBarChart } from '../charts/bar-chart.js';
import { exportFormats, writeTableExport, type ExportCell } from '../exports/table-export.js';
import { formatDateTime, formatNumber } from '../format.js';
import { link } from '../view-models/html.js';
import { pagination } from '../view-models/pagination.js';
import { defineWebRoute } from '../web-route.js';
import { kindLabels } from './organisations-page.js';
import { blankToUndefined } from '../view-models/query-values.js';

const month = z.preprocess(blankToUndefined, z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM').optional());

export const incidentQuery = z
  .object({
    organisation: z.preprocess(blankToUndefined, z.string().max(20).optional()),
    type: z.preprocess(blankToUndefined, z.enum(incidentTypes).optional()),
    from: month,
    to: month,
    region: z.preprocess(blankToUndefined, z.string().max(200).optional()),
    kind: z.preprocess(blankToUndefined, z.enum(organisationKinds).optional()),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

type Query = z.output<typeof incidentQuery>;

const filterKeys = ['organisation', 'type', 'from', 'to', 'region', 'kind'] as const;

function toFilter(query: Query): IncidentFilter {
  return {
    ...(query.organisation ? { odsCode: query.organisation } : {}), ...(query.type ? { type: query.type } : {}),
    ...(query.from ? { fromMonth: query.from } : {}), ...(query.to ? { toMonth: query.to } : {}),
    ...(query.region ? { region: query.region } : {}), ...(query.kind ? { kind: query.kind } : {}),
  };
}

function incidentsUrl(query: Query, extra: Record<string, string>, path = '/incidents'): string {
  const parameters = new URLSearchParams();
  for (const key of filterKeys) if (query[key]) parameters.set(key, query[key]);
  for (const [key, value] of Object.entries(extra)) parameters.set(key, value);
  const text = parameters.toString();
  return text === '' ? path : `${path}?${text}`;
}

const typeLabel = (type: string) => type.replace(/-/g, ' ');
const pounds = (value: number) => `£${formatNumber(value)}`;

const impactCells = (t: ImpactTotals) => [
  { text: formatNumber(t.incidents), format: 'numeric' },
  { text: formatNumber(t.appointmentsCancelled), format: 'numeric' },
  { text: formatNumber(t.operationsCancelled), format: 'numeric' },
  { text: pounds(t.estimatedCostPounds), format: 'numeric' },
];

const exportColumns: { header: string; width: number; value: (incident: RegisterIncident) => ExportCell }[] = [
  { header: 'Reference', width: 16, value: (i) => i.reference },
  { header: 'ODS code', width: 10, value: (i) => i.odsCode },
  { header: 'Organisation', width: 50, value: (i) => i.organisationName },
  { header: 'Region', width: 26, value: (i) => i.region },
  { header: 'Type', width: 16, value: (i) => i.type },
  { header: 'Started', width: 24, value: (i) => i.startedAt },
  { header: 'Ended', width: 24, value: (i) => i.endedAt },
  { header: 'Appointments cancelled', width: 12, value: (i) => i.appointmentsCancelled },
  { header: 'Operations cancelled', width: 12, value: (i) => i.operationsCancelled },
  { header: 'Estimated cost (£)', width: 14, value: (i) => i.estimatedCostPounds },
  { header: 'National support requested', width: 10, value: (i) => (i.nationalSupportRequested ? 'yes' : 'no') },
  { header: 'Alert', width: 16, value: (i) => i.alertReference },
  { header: 'Summary', width: 80, value: (i) => i.summary },
];

async function registerView(result: IncidentSearchResult, query: Query) {
  const { totals, page } = result;
  const filtered = filterKeys.some((key) => query[key] !== undefined);
  return {
    query: { organisation: query.organisation ?? '', from: query.from ?? '', to: query.to ?? '' },
    filtered,
    totals: totals.totals,
    typeItems: [{ value: '', text: 'Every type' }, ...incidentTypes.map((type) => ({ value: type, text: typeLabel(type), selected: type === query.type }))],
    regionItems: [{ value: '', text: 'Every region' }, ...result.regions.map((region) => ({ value: region, text: region, selected: region === query.region }))],
    kindItems: [{ value: '', text: 'Every kind' }, ...organisationKinds.map((kind) => ({ value: kind, text: kindLabels[kind] ?? kind, selected: kind === query.kind }))],
    monthRows: totals.byMonth.map((m) => [{ text: m.month }, ...impactCells(m)]),
    typeRows: totals.byType.map((t) => [{ text: typeLabel(t.type) }, ...impactCells(t)]),
    monthChart: totals.byMonth.length > 0 ? await renderBarChart({ title: 'Incidents reported by month of their start', bars: totals.byMonth.map((m) => ({ label: m.month, value: m.incidents })) }) : null,
    typeChart: totals.byType.length > 0 ? await renderBarChart({ title: 'Incidents by type', bars: totals.byType.map((t) => ({ label: typeLabel(t.type), value: t.incidents })), horizontal: true }) : null,
    page,
    rows: page.items.map((i) => [
      { text: i.reference },
      { text: formatDateTime(i.startedAt) },
      { html: link(`/organisations/${encodeURIComponent(i.odsCode)}#incidents`, i.organisationName) },
      { text: typeLabel(i.type) },
      { text: i.summary.length > 120 ? `${i.summary.slice(0, 117)}…` : i.summary },
      { text: `${formatNumber(i.appointmentsCancelled)} appointments, ${formatNumber(i.operationsCancelled)} operations cancelled; ${pounds(i.estimatedCostPounds)}` },
      { text: i.alertReference ?? '–' },
    ]),
    pagination: pagination(page, (n) => incidentsUrl(query, { page: String(n) })),
    exportCsv: incidentsUrl(query, { format: 'csv' }, '/incidents/export'),
    exportXlsx: incidentsUrl(query, { format: 'xlsx' }, '/incidents/export'),
  };
}

export const incidentPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/incidents',
    summary: 'The national incident register: totals by month and type, and the incidents, filtered and paged',
    access: { kind: 'signed-in', action: 'incident:read-national' },
    querystring: incidentQuery,
    async handler({ context, actor, query }) {
      const result = await searchIncidents(context, actor, toFilter(query), { page: query.page ?? 1, pageSize: 25 });
      return { view: 'incidents.njk', data: await registerView(result, query) };
    },
  }),
  defineWebRoute({
    method: 'GET',
    url: '/incidents/export',
    summary: 'The national incident register as CSV or XLSX, with the filters of the page',
    access: { kind: 'signed-in', action: 'incident:read-national' },
    querystring: incidentQuery.omit({ page: true }).extend({ format: z.enum(exportFormats) }),
    async handler({ context, actor, query, reply }) {
      const { incidents } = await filteredIncidents(context, actor, toFilter(query));
      const stamp = context.clock.now().toISOString().slice(0, 10);
      await writeTableExport(reply, { fileName: `ward-incidents-${stamp}`, sheetName: 'Incidents', columns: exportColumns, rows: incidents.map((i) => exportColumns.map((c) => c.value(i))) }, query.format);
      return { sent: true };
    },
  }),
];
