import { z } from 'zod';
import { dashboardQuery, toFilter } from '../../http/routes/national.js';
import { organisationKinds } from '../../core/organisation.js';
import type { WardRoute } from '../../http/route-definition.js';
import { nationalTableIds, nationalTables, type Cell, type NationalTable } from '../../reports/national-tables.js';
import { buildNationalReport } from '../../reports/national-report.js';
import type { OrganisationFilter } from '../../services/assessment/national-summary.js';
import { readEstateOverview, type EstateOverview, type FreshnessBand } from '../../services/dashboard/read-estate-overview.js';
import { nationalCacheKey, readNationalDashboardCached } from '../../services/dashboard/cached-national-dashboard.js';
import { cachedNational } from '../../services/dashboard/national-cache.js';
import { readingContext } from '../../services/reading-context.js';
import type { NationalDashboard } from '../../services/dashboard/read-national-dashboard.js';
import { listUndetectableKev, type UndetectableKevEntry } from '../../services/intel/list-undetectable-kev.js';
import { renderBarChart } from '../charts/bar-chart.js';
import { renderLineChart } from '../charts/line-chart.js';
import { exportFormats, writeTableExport } from '../exports/table-export.js';
import { formatNumber } from '../format.js';
import { link } from '../view-models/html.js';
import { defineWebRoute } from '../web-route.js';
import { kindLabels } from './organisations-page.js';

const freshnessLabels: Record<FreshnessBand, string> = {
  'within-7-days': 'Evidence in the last 7 days',
  'within-30-days': 'Evidence 8 to 30 days old',
  older: 'Evidence older than 30 days',
  never: 'No evidence yet',
};

function withFilter(path: string, filter: OrganisationFilter, extra: Record<string, string> = {}): string {
  const parameters = new URLSearchParams({ ...extra, ...(filter.region ? { region: filter.region } : {}), ...(filter.kind ? { kind: filter.kind } : {}) });
  const text = parameters.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** A table as the template draws it: header cells and formatted, right-aligned numbers. */
function tableView(table: NationalTable) {
  const show = (cell: Cell) => (cell === null ? '–' : typeof cell === 'number' ? formatNumber(cell) : cell);
  return { title: table.title, head: table.columns.map((c) => ({ text: c.header, ...(c.numeric ? { format: 'numeric' } : {}) })), rows: table.rows.map((row) => row.map((cell, index) => ({ text: show(cell), ...(table.columns[index]?.numeric ? { format: 'numeric' } : {}) }))) };
}

/** The alert compliance table with each alert's reference linking to its board. */
function alertsTableView(table: NationalTable) {
  const view = tableView(table);
  return { ...view, rows: view.rows.map((row, index) => row.map((cell, column) => (column === 0 ? { html: link(`/alerts/${encodeURIComponent(String(table.rows[index]?.[0] ?? ''))}`, cell.text) } : cell))) };
}

/** Heat-map cells carry a band class (the colour) and their figure (the meaning, never colour alone). */
function heatBand(percent: number | null): string {
  if (percent === null) return 'ward-heat--none';
  if (percent >= 100) return 'ward-heat--pass';
  if (percent >= 80) return 'ward-heat--high';
  if (percent >= 60) return 'ward-heat--mid';
  return 'ward-heat--low';
}

/** The national dashboard's view model: figures, tables, filters and server-rendered charts. */
export async function nationalDashboardView(overview: EstateOverview, dashboard: NationalDashboard, kevGaps: { total: number; entries: UndetectableKevEntry[] } = { total: 0, entries: [] }) {
  const tables = nationalTables(dashboard);
  const filter = dashboard.filter;
  const s = dashboard.assessment;
  const regionBars = overview.byRegion.map((row) => ({ label: row.region ?? 'No region', value: row.organisations }));
  const exports = Object.fromEntries(nationalTableIds.map((id) => [id, { csv: withFilter('/national/export', filter, { table: id, format: 'csv' }), xlsx: withFilter('/national/export', filter, { table: id, format: 'xlsx' }) }]));
  return {
    overview,
    dashboard,
    filter: { region: filter.region ?? '', kind: filter.kind ?? '' },
    filtered: filter.region !== undefined || filter.kind !== undefined,
    regionItems: [{ value: '', text: 'All regions' }, ...dashboard.regions.map((region) => ({ value: region, text: region, selected: region === filter.region }))],
    kindItems: [{ value: '', text: 'All kinds' }, ...organisationKinds.map((kind) => ({ value: kind, text: kindLabels[kind] ?? kind, selected: kind === filter.kind }))],
    reportUrl: withFilter('/national/report.pdf', filter),
    incidentsUrl: withFilter('/incidents', filter),
    exports,
    tables: { ...Object.fromEntries(nationalTableIds.map((id) => [id, tableView(tables[id])])), alerts: alertsTableView(tables.alerts) },
    heatMap: dashboard.heatMap.map((row) => ({ ...row, href: `/organisations/${row.odsCode}`, overallBand: heatBand(row.percent), cells: Object.values(row.areas).map((percent) => ({ text: percent === null ? '–' : formatNumber(percent), band: heatBand(percent) })) })),
    heatHead: tables['heat-map'].columns.slice(2).map((c) => c.header),
    regionRows: overview.byRegion.map((row) => ({ region: row.region ?? 'No region', organisations: row.organisations, href: row.region ? `/organisations?region=${encodeURIComponent(row.region)}` : '/organisations' })),
    kindRows: overview.byKind.map((row) => ({ kind: kindLabels[row.kind] ?? row.kind, organisations: row.organisations, href: `/organisations?kind=${encodeURIComponent(row.kind)}` })),
    freshnessRows: (Object.keys(freshnessLabels) as FreshnessBand[]).map((band) => ({ label: freshnessLabels[band], organisations: overview.freshness[band] })),
    charts: {
      region: regionBars.length > 0 ? await renderBarChart({ title: 'Organisations per region', bars: regionBars, horizontal: true }) : null,
      trend: s.trend.length > 0 ? await renderLineChart({ title: 'Average score by month', max: 100, points: s.trend.map((t) => ({ label: t.month, value: t.average })) }) : null,
      distribution: s.assessed > 0 ? await renderBarChart({ title: 'Score distribution: organisations per score band', bars: s.distribution.map((b) => ({ label: b.bucket, value: b.organisations })) }) : null,
      burnDown: dashboard.burnDown && dashboard.burnDown.points.length > 0 ? await renderLineChart({ title: `Assets exposed to ${dashboard.burnDown.reference} over time`, points: dashboard.burnDown.points.map((p) => ({ label: p.at.slice(0, 10), value: p.assetsExposed })) }) : null,
      legacyByOs: dashboard.legacy.byOs.length > 0 ? await renderBarChart({ title: 'Devices past OS support, by operating system', bars: dashboard.legacy.byOs.map((row) => ({ label: row.os, value: row.devices })), horizontal: true }) : null,
      legacyTrend: dashboard.legacy.trend.length > 0 ? await renderLineChart({ title: 'Devices past OS support, end of each month', points: dashboard.legacy.trend.map((t) => ({ label: t.month, value: t.devices })) }) : null,
      drill: dashboard.drill && dashboard.drill.byChannel.length > 0 ? await renderBarChart({ title: `Acknowledgements by channel in drill ${dashboard.drill.reference}`, bars: dashboard.drill.byChannel.map((c) => ({ label: c.channel, value: c.acknowledged })) }) : null,
    },
    kevGaps,
  };
}

export const nationalPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/national',
    summary: 'National dashboard',
    access: { kind: 'signed-in', action: 'national:read' },
    querystring: dashboardQuery,
    async handler({ context, actor, query, reply }) {
      const filter = toFilter(query);
      // 200 readers: the page's body (nunjucks takes a few hundred ms for its tables) is drawn once per
      // change of the national data and kept as bytes; each request only wraps it in its kept layout.
      const keptBody = await cachedNational(context, nationalCacheKey('national-page', actor, filter), async () => {
        const reading = readingContext(context);
        const [overview, dashboard, kevGaps] = await Promise.all([
          readEstateOverview(reading, actor),
          readNationalDashboardCached(context, actor, filter),
          // Silence is not safety: the KEV entries no loaded source ties to software are listed here.
          listUndetectableKev(reading, actor, { limit: 10 }),
        ]);
        return Buffer.from(await reply.server.view('national.njk', await nationalDashboardView(overview, dashboard, kevGaps)));
      });
      return { view: 'national-page.njk', data: {}, keptBody };
    },
  }),
  defineWebRoute({
    method: 'GET',
    url: '/national/export',
    summary: 'One table of the national dashboard as CSV or XLSX, with the filters of the page',
    access: { kind: 'signed-in', action: 'national:read' },
    querystring: dashboardQuery.extend({ table: z.enum(nationalTableIds), format: z.enum(exportFormats) }),
    async handler({ context, actor, query, reply }) {
      const table = nationalTables(await readNationalDashboardCached(context, actor, toFilter(query)))[query.table];
      const stamp = context.clock.now().toISOString().slice(0, 10);
      await writeTableExport(reply, { fileName: `ward-national-${query.table}-${stamp}`, sheetName: table.title.replace(/[\\/?*[\]:]/g, ' '), columns: table.columns, rows: table.rows }, query.format);
      return { sent: true };
    },
  }),
  defineWebRoute({
    method: 'GET',
    url: '/national/report.pdf',
    summary: 'The national report (PDF), with the filters of the dashboard',
    access: { kind: 'signed-in', action: 'national:read' },
    querystring: dashboardQuery,
    async handler({ context, actor, query, reply }) {
      const pdf = await buildNationalReport(context, actor, toFilter(query));
      reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="ward-national-report-${context.clock.now().toISOString().slice(0, 10)}.pdf"`).type('application/pdf');
      void reply.send(pdf);
      return { sent: true };
    },
  }),
];
