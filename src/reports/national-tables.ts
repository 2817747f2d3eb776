/**
 * The national tables as plain data: titles, columns and rows of the national dashboard. The web
 * page, the CSV/XLSX exports and the national PDF report all read these, so the figures agree.
 */
import { areas } from '../assessment/controls.js';
import { areaLabels } from '../assessment/labels.js';
import type { NationalDashboard } from '../services/dashboard/read-national-dashboard.js';

export type Cell = string | number | null;
export type NationalTable = { title: string; columns: { header: string; numeric?: boolean }[]; rows: Cell[][] };

export const nationalTableIds = ['headline', 'trend', 'distribution', 'areas', 'regions', 'kinds', 'heat-map', 'alerts', 'legacy-by-os', 'legacy-trend', 'incidents-by-month', 'incidents-by-type', 'drill-reach'] as const;
export type NationalTableId = (typeof nationalTableIds)[number];

const n = (value: number | null | undefined): Cell => value ?? null;

export function nationalTables(d: NationalDashboard): Record<NationalTableId, NationalTable> {
  const s = d.assessment;
  const group = (title: string, label: string, rows: typeof s.byRegion): NationalTable => ({
    title,
    columns: [{ header: label }, { header: 'Assessed', numeric: true }, { header: 'Average score (%)', numeric: true }, { header: 'Passing', numeric: true }, { header: 'Acceptable', numeric: true }],
    rows: rows.map((g) => [g.group, g.assessed, n(g.average), g.passing, g.acceptable]),
  });
  return {
    headline: {
      title: 'Cyber Essentials Plus: the national picture',
      columns: [{ header: 'Measure' }, { header: 'Value', numeric: true }],
      rows: [
        ['Organisations', s.organisations],
        ['Organisations assessed', s.assessed],
        ['Average score (%)', n(s.average)],
        ['Median score (%)', n(s.median)],
        ['Passing (100 %)', s.passing],
        ['Acceptable', s.acceptable],
      ],
    },
    trend: { title: 'Average score by month', columns: [{ header: 'Month' }, { header: 'Organisations assessed', numeric: true }, { header: 'Average score (%)', numeric: true }], rows: s.trend.map((t) => [t.month, t.assessed, n(t.average)]) },
    distribution: { title: 'Score distribution', columns: [{ header: 'Score (%)' }, { header: 'Organisations', numeric: true }], rows: s.distribution.map((b) => [b.bucket, b.organisations]) },
    areas: { title: 'Areas, weakest first', columns: [{ header: 'Area' }, { header: 'Average score (%)', numeric: true }, { header: 'Organisations', numeric: true }], rows: s.weakestAreas.map((a) => [areaLabels[a.area], a.average, a.organisations]) },
    regions: group('By region', 'Region', s.byRegion),
    kinds: group('By kind of organisation', 'Kind', s.byKind),
    'heat-map': {
      title: 'Organisations by area (score %)',
      columns: [{ header: 'Organisation' }, { header: 'ODS code' }, { header: 'Overall', numeric: true }, ...areas.map((area) => ({ header: areaLabels[area], numeric: true }))],
      rows: d.heatMap.map((row) => [row.name, row.odsCode, n(row.percent), ...areas.map((area) => n(row.areas[area]))]),
    },
    alerts: {
      title: 'Alert compliance',
      columns: [{ header: 'Alert' }, { header: 'Title' }, { header: 'Issued' }, { header: 'Organisations', numeric: true }, { header: 'Acknowledged in time (%)', numeric: true }, { header: 'Remediated in time (%)', numeric: true }, { header: 'Exposed now', numeric: true }, { header: 'Assets exposed now', numeric: true }, { header: 'Overdue', numeric: true }, { header: 'Exceptions', numeric: true }],
      rows: d.alerts.map((a) => [a.reference, a.title, a.issuedAt.slice(0, 10), a.organisations, a.acknowledgedWithinDeadlinePercent, n(a.remediatedWithinDeadlinePercent), a.exposedNow, a.assetsExposedNow, (a.byState.overdue ?? 0) + (a.byState.escalated ?? 0), a.byState.exception ?? 0]),
    },
    'legacy-by-os': { title: 'Devices past OS support, by operating system', columns: [{ header: 'Operating system' }, { header: 'Devices', numeric: true }], rows: d.legacy.byOs.map((row) => [row.os, row.devices]) },
    'legacy-trend': { title: 'Devices past OS support, end of each month', columns: [{ header: 'Month' }, { header: 'Devices', numeric: true }], rows: d.legacy.trend.map((t) => [t.month, t.devices]) },
    'incidents-by-month': {
      title: 'Incidents by month',
      columns: [{ header: 'Month' }, { header: 'Incidents', numeric: true }, { header: 'Appointments cancelled', numeric: true }, { header: 'Operations cancelled', numeric: true }, { header: 'Estimated cost (£)', numeric: true }],
      rows: d.incidents.byMonth.map((m) => [m.month, m.incidents, m.appointmentsCancelled, m.operationsCancelled, m.estimatedCostPounds]),
    },
    'incidents-by-type': {
      title: 'Incidents by type',
      columns: [{ header: 'Type' }, { header: 'Incidents', numeric: true }, { header: 'Appointments cancelled', numeric: true }, { header: 'Operations cancelled', numeric: true }, { header: 'Estimated cost (£)', numeric: true }],
      rows: d.incidents.byType.map((t) => [t.type, t.incidents, t.appointmentsCancelled, t.operationsCancelled, t.estimatedCostPounds]),
    },
    'drill-reach': {
      title: d.drill ? `Drill reach by channel: ${d.drill.reference}` : 'Drill reach by channel',
      columns: [{ header: 'Channel' }, { header: 'Messages', numeric: true }, { header: 'Delivered', numeric: true }, { header: 'Failed', numeric: true }, { header: 'Acknowledged', numeric: true }, { header: 'Acknowledged (%)', numeric: true }],
      rows: (d.drill?.byChannel ?? []).map((c) => [c.channel, c.messages, c.delivered, c.failed, c.acknowledged, n(c.acknowledgedPercent)]),
    },
  };
}
