import { areas, type Area } from '../../assessment/controls.js';
import type { Score } from '../../assessment/score.js';
import { authorize, can } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import { nationalSummary, type NationalSummary, type OrganisationFilter } from '../assessment/national-summary.js';
import { toAlertRecord } from '../alerts/alert-records.js';
import { burnDownOf, complianceTotals, toOrganisationState, type AlertBoard, type BurnDownPoint } from '../alerts/read-alerts.js';
import type { ServiceContext } from '../context.js';
import { drillReport, listDrills, type DrillReport } from '../drills/drill-report.js';
import { listIncidents, nextMonth, totalsOf, type IncidentTotals } from '../incidents/list-incidents.js';
import { legacyBySnapshot } from './legacy-systems.js';

export type HeatMapRow = { odsCode: string; name: string; percent: number | null; verdict: string; areas: Record<Area, number | null> };

export type AlertCompliance = { reference: string; title: string; severity: string; issuedAt: string; ackDeadline: string; remediationDeadline: string } & AlertBoard['totals'];

export type NationalDashboard = {
  asOf: string;
  filter: OrganisationFilter;
  /** Every region and kind present, for the filter form. */
  regions: string[];
  kinds: string[];
  assessment: NationalSummary;
  /** Organisations × areas from each organisation's latest snapshot, weakest organisation first. */
  heatMap: HeatMapRow[];
  /** The most recent alerts (newest first) with their compliance over the filtered organisations. */
  alerts: AlertCompliance[];
  /** The newest alert's exposure over time (filtered organisations). */
  burnDown: { reference: string; points: BurnDownPoint[] } | null;
  /** Devices past their OS's support: now, by OS, and at the end of each month. */
  legacy: { devices: number; byOs: { os: string; devices: number }[]; trend: { month: string; devices: number }[] };
  incidents: IncidentTotals;
  /** The newest communication drill's reach over the filtered organisations. */
  drill: Pick<DrillReport, 'reference' | 'title' | 'startedAt' | 'state' | 'totals' | 'byChannel'> | null;
};

const recentAlerts = 5;

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

type Snapshot = { id: string; organisation_id: string; as_of: string };

/** Each organisation's latest snapshot at the end of every month from the first snapshot's month to the last's. */
function monthEnds(history: readonly Snapshot[]): { month: string; ids: string[] }[] {
  const ordered = [...history].sort((a, b) => a.as_of.localeCompare(b.as_of));
  const first = ordered[0]?.as_of.slice(0, 7);
  const last = ordered.at(-1)?.as_of.slice(0, 7);
  if (first === undefined || last === undefined) return [];
  const current = new Map<string, string>();
  const result: { month: string; ids: string[] }[] = [];
  let index = 0;
  for (let month = first; month <= last; month = nextMonth(month)) {
    for (; index < ordered.length && (ordered[index]?.as_of.slice(0, 7) ?? '') <= month; index += 1) {
      const snapshot = ordered[index];
      if (snapshot) current.set(snapshot.organisation_id, snapshot.id);
    }
    result.push({ month, ids: [...current.values()] });
  }
  return result;
}

/**
 * Everything the national dashboard shows, for national roles, narrowed to one region and/or kind:
 * the CE+ figures, heat map, alert compliance and burn-down, legacy systems, incidents and drill reach.
 * Queries are set-based (one per panel); snapshot-derived legacy figures are computed once per snapshot.
 */
export async function readNationalDashboard(context: ServiceContext, actor: Actor, filter: OrganisationFilter = {}): Promise<NationalDashboard> {
  authorize(actor.principal, 'national:read');
  const { db } = context.database;
  const [assessment, organisations, history] = await Promise.all([
    nationalSummary(context, actor, filter),
    db.selectFrom('organisations').select(['id', 'ods_code', 'name', 'region', 'kind']).execute(),
    db.selectFrom('assessments').select(['id', 'organisation_id', 'as_of', 'created_at', 'revision']).execute(),
  ]);
  const inFilter = (o: { region: string | null; kind: string }) => (filter.region === undefined || o.region === filter.region) && (filter.kind === undefined || o.kind === filter.kind);
  const chosen = new Map(organisations.filter(inFilter).map((o) => [o.id, o]));
  const mine = history.filter((h) => chosen.has(h.organisation_id));

  const latest = new Map<string, (typeof mine)[number]>();
  for (const h of mine) {
    const known = latest.get(h.organisation_id);
    if (!known || h.revision > known.revision) latest.set(h.organisation_id, h);
  }
  const latestIds = [...latest.values()].map((h) => h.id);
  const scoreRows = latestIds.length === 0 ? [] : await db.selectFrom('assessments').select(['organisation_id', 'percent', 'verdict', 'score']).where('id', 'in', latestIds).execute();
  const heatMap = scoreRows
    .map((row): HeatMapRow => {
      const organisation = chosen.get(row.organisation_id);
      const score = JSON.parse(row.score) as Score;
      return { odsCode: organisation?.ods_code ?? '', name: organisation?.name ?? '', percent: round1(row.percent), verdict: row.verdict, areas: Object.fromEntries(areas.map((area) => [area, round1(score.byArea[area].percent)])) as Record<Area, number | null> };
    })
    .sort((a, b) => (a.percent ?? -1) - (b.percent ?? -1) || a.name.localeCompare(b.name));

  const months = monthEnds(mine);
  const legacy = await legacyBySnapshot(context, [...new Set([...latestIds, ...months.flatMap((m) => m.ids)])]);
  const byOs = new Map<string, number>();
  for (const id of latestIds) for (const [os, devices] of legacy.get(id) ?? []) byOs.set(os, (byOs.get(os) ?? 0) + devices);
  const sumOf = (ids: readonly string[]) => ids.reduce((sum, id) => sum + [...(legacy.get(id)?.values() ?? [])].reduce((a, b) => a + b, 0), 0);

  const [alerts, burnDown] = await alertCompliance(context, chosen);
  const incidents = can(actor.principal, 'incident:read-national') ? (await listIncidents(context, actor, null)).filter((incident) => [...chosen.values()].some((o) => o.ods_code === incident.odsCode)) : [];
  const drills = can(actor.principal, 'drill:read') ? await listDrills(context, actor) : [];
  const filtered = filter.region !== undefined || filter.kind !== undefined;
  const newestDrill = drills[0] ? await drillReport(context, actor, drills[0].reference, filtered ? new Set(chosen.keys()) : undefined) : null;

  return {
    asOf: context.clock.now().toISOString(),
    filter,
    regions: [...new Set(organisations.flatMap((o) => (o.region ? [o.region] : [])))].sort(),
    kinds: [...new Set(organisations.map((o) => o.kind))].sort(),
    assessment,
    heatMap,
    alerts,
    burnDown,
    legacy: {
      devices: sumOf(latestIds),
      byOs: [...byOs.entries()].map(([os, devices]) => ({ os, devices })).sort((a, b) => b.devices - a.devices || a.os.localeCompare(b.os)),
      trend: months.map((m) => ({ month: m.month, devices: sumOf(m.ids) })),
    },
    incidents: totalsOf(incidents),
    drill: newestDrill ? { reference: newestDrill.reference, title: newestDrill.title, startedAt: newestDrill.startedAt, state: newestDrill.state, totals: newestDrill.totals, byChannel: newestDrill.byChannel } : null,
  };
}

async function alertCompliance(context: ServiceContext, chosen: ReadonlyMap<string, unknown>): Promise<[AlertCompliance[], NationalDashboard['burnDown']]> {
  const { db } = context.database;
  const alerts = await db.selectFrom('alerts').selectAll().orderBy('issued_at', 'desc').orderBy('reference', 'desc').limit(recentAlerts).execute();
  if (alerts.length === 0) return [[], null];
  const rows = await db
    .selectFrom('alert_organisations as ao')
    .innerJoin('organisations as o', 'o.id', 'ao.organisation_id')
    .selectAll('ao')
    .select(['o.ods_code', 'o.name as organisation_name'])
    .where('ao.alert_id', 'in', alerts.map((a) => a.id))
    .execute();
  const compliance = alerts.map((row): AlertCompliance => {
    const alert = toAlertRecord(row);
    const mine = rows.filter((r) => r.alert_id === row.id && chosen.has(r.organisation_id));
    return { reference: alert.reference, title: alert.title, severity: alert.severity, issuedAt: alert.issuedAt, ackDeadline: alert.ackDeadline, remediationDeadline: alert.remediationDeadline, ...complianceTotals(alert, mine, mine.map(toOrganisationState)) };
  });
  const newest = alerts[0];
  const snapshots = newest ? await db.selectFrom('alert_exposure_snapshots').select(['organisation_id', 'at', 'affected_count']).where('alert_id', '=', newest.id).orderBy('at').orderBy('seq').execute() : [];
  return [compliance, newest ? { reference: newest.reference, points: burnDownOf(snapshots.filter((s) => chosen.has(s.organisation_id))) } : null];
}
