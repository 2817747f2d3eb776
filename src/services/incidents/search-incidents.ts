import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { pageWindow, toPage, type Page, type PageRequest } from '../paging.js';
import type { IncidentView } from './incident-view.js';
import { listIncidents, totalsOf, type IncidentTotals } from './list-incidents.js';

/** Narrows the national register; months are `YYYY-MM` of the incident's start, both ends included. */
export type IncidentFilter = { odsCode?: string; type?: string; fromMonth?: string; toMonth?: string; region?: string; kind?: string };

export type RegisterIncident = IncidentView & { organisationName: string; region: string | null; kind: string };

export type IncidentSearchResult = {
  page: Page<RegisterIncident>;
  /** Totals, per month and per type of every incident the filter keeps (not only this page). */
  totals: IncidentTotals;
  /** The regions of the organisations that reported any incident, for the filter form. */
  regions: string[];
};

/** Every incident of the national register the filter keeps, newest first (national roles: `incident:read-national`). */
export async function filteredIncidents(context: ServiceContext, actor: Actor, filter: IncidentFilter): Promise<{ incidents: RegisterIncident[]; regions: string[] }> {
  const register = await listIncidents(context, actor, null);
  const organisations = new Map((await context.database.db.selectFrom('organisations').select(['ods_code', 'name', 'region', 'kind']).execute()).map((o) => [o.ods_code, o]));
  const code = filter.odsCode?.trim().toUpperCase();
  const all = register.map((incident): RegisterIncident => {
    const organisation = organisations.get(incident.odsCode);
    return { ...incident, organisationName: organisation?.name ?? incident.odsCode, region: organisation?.region ?? null, kind: organisation?.kind ?? 'other' };
  });
  const month = (incident: RegisterIncident) => incident.startedAt.slice(0, 7);
  const incidents = all.filter(
    (incident) =>
      (!code || incident.odsCode === code) &&
      (!filter.type || incident.type === filter.type) &&
      (!filter.fromMonth || month(incident) >= filter.fromMonth) &&
      (!filter.toMonth || month(incident) <= filter.toMonth) &&
      (!filter.region || incident.region === filter.region) &&
      (!filter.kind || incident.kind === filter.kind),
  );
  return { incidents, regions: [...new Set(all.flatMap((i) => (i.region ? [i.region] : [])))].sort() };
}

/** One page of the filtered national register with the totals of everything the filter keeps. */
export async function searchIncidents(context: ServiceContext, actor: Actor, filter: IncidentFilter, request: PageRequest = {}): Promise<IncidentSearchResult> {
  const { incidents, regions } = await filteredIncidents(context, actor, filter);
  const window = pageWindow(request);
  return { page: toPage(incidents.slice(window.offset, window.offset + window.pageSize), incidents.length, window), totals: totalsOf(incidents), regions };
}
