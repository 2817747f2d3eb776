import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { organisationFor } from '../readiness/readiness-input.js';
import { incidentView, type IncidentView } from './incident-view.js';

async function incidentRows(context: ServiceContext, organisationId: string | null) {
  return context.database.db
    .selectFrom('incidents')
    .innerJoin('organisations', 'organisations.id', 'incidents.organisation_id')
    .leftJoin('alerts', 'alerts.id', 'incidents.alert_id')
    .selectAll('incidents')
    .select(['organisations.ods_code', 'alerts.reference as alert_reference'])
    .$if(organisationId !== null, (q) => q.where('incidents.organisation_id', '=', organisationId ?? ''))
    .orderBy('incidents.started_at', 'desc')
    .orderBy('incidents.reference')
    .execute();
}

/** One organisation's incidents (`odsCode`), or the national register (every organisation; national roles). */
export async function listIncidents(context: ServiceContext, actor: Actor, odsCode: string | null): Promise<IncidentView[]> {
  const organisation = odsCode ? await organisationFor(context, actor, 'incident:read', odsCode) : null;
  if (!organisation) authorize(actor.principal, 'incident:read-national');
  const rows = await incidentRows(context, organisation?.id ?? null);
  return rows.map((row) => incidentView(row, row.ods_code, row.alert_reference));
}

export type ImpactTotals = { incidents: number; appointmentsCancelled: number; operationsCancelled: number; estimatedCostPounds: number; nationalSupportRequested: number };
export type IncidentTotals = { totals: ImpactTotals; byMonth: ({ month: string } & ImpactTotals)[]; byType: ({ type: string } & ImpactTotals)[] };

function add(into: ImpactTotals, row: IncidentView): void {
  into.incidents += 1;
  into.appointmentsCancelled += row.appointmentsCancelled;
  into.operationsCancelled += row.operationsCancelled;
  into.estimatedCostPounds += row.estimatedCostPounds;
  into.nationalSupportRequested += row.nationalSupportRequested ? 1 : 0;
}

const zero = (): ImpactTotals => ({ incidents: 0, appointmentsCancelled: 0, operationsCancelled: 0, estimatedCostPounds: 0, nationalSupportRequested: 0 });

/** The national register's impact: totals, per month of the incident's start (every month between the first and the last, gaps as zero), per type. */
export async function incidentTotals(context: ServiceContext, actor: Actor): Promise<IncidentTotals> {
  authorize(actor.principal, 'incident:read-national');
  return totalsOf((await incidentRows(context, null)).map((row) => incidentView(row, row.ods_code, row.alert_reference)));
}

/** Totals, per month (gaps as zero) and per type of some incidents (the register, or one region's). */
export function totalsOf(incidents: readonly IncidentView[]): IncidentTotals {
  const totals = zero();
  const months = new Map<string, ImpactTotals>();
  const types = new Map<string, ImpactTotals>();
  for (const incident of incidents) {
    add(totals, incident);
    const month = incident.startedAt.slice(0, 7);
    add(months.get(month) ?? months.set(month, zero()).get(month) ?? zero(), incident);
    add(types.get(incident.type) ?? types.set(incident.type, zero()).get(incident.type) ?? zero(), incident);
  }
  const known = [...months.keys()].sort();
  const byMonth: IncidentTotals['byMonth'] = [];
  if (known.length > 0) {
    const last = known.at(-1) ?? '';
    for (let month = known[0] ?? last; month <= last; month = nextMonth(month)) byMonth.push({ month, ...(months.get(month) ?? zero()) });
  }
  return { totals, byMonth, byType: [...types.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, t]) => ({ type, ...t })) };
}

export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}
