import { invalidInput } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { actorLabel, instant, organisationFor, requiredText } from '../readiness/readiness-input.js';
import { incidentTypes, incidentView, type IncidentView } from './incident-view.js';

export type ReportIncidentInput = {
  odsCode: string;
  type: string;
  summary: string;
  startedAt: string;
  endedAt?: string | null;
  systemsAffected?: string[];
  servicesAffected?: string[];
  appointmentsCancelled?: number;
  operationsCancelled?: number;
  estimatedCostPounds?: number;
  nationalSupportRequested?: boolean;
  /** An alert this organisation was sent (its reference), when the incident relates to it. */
  alertReference?: string | null;
};

/** A count or an amount: a whole number from 0 to 2,000,000,000 (fits an integer column on both engines). */
function count(value: number | undefined, field: string): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > 2_000_000_000) throw invalidInput(`${field} must be a whole number from 0`, { [field]: 'invalid' });
  return n;
}

const names = (list: string[] | undefined) => [...new Set((list ?? []).map((s) => s.trim()).filter((s) => s !== ''))].slice(0, 200);

/**
 * An organisation reports an incident and its impact. A linked alert must be one this organisation
 * was sent: an alert it cannot see is "not found", so its existence is not revealed.
 */
export async function reportIncident(context: ServiceContext, actor: Actor, input: ReportIncidentInput): Promise<IncidentView> {
  const organisation = await organisationFor(context, actor, 'incident:report', input.odsCode);
  if (!(incidentTypes as readonly string[]).includes(input.type)) throw invalidInput(`type must be one of ${incidentTypes.join(', ')}`, { type: 'unknown' });
  const startedAt = instant(input.startedAt, 'startedAt');
  const endedAt = input.endedAt ? instant(input.endedAt, 'endedAt') : null;
  if (endedAt !== null && endedAt < startedAt) throw invalidInput('The incident cannot end before it started', { endedAt: 'before-start' });
  const now = context.clock.now();
  if (startedAt > now.toISOString()) throw invalidInput('The incident cannot start in the future', { startedAt: 'future' });
  let alert: { id: string; reference: string } | null = null;
  if (input.alertReference) {
    const found = await context.database.db
      .selectFrom('alerts')
      .innerJoin('alert_organisations', 'alert_organisations.alert_id', 'alerts.id')
      .select(['alerts.id', 'alerts.reference'])
      .where('alerts.reference', '=', input.alertReference.trim().toUpperCase())
      .where('alert_organisations.organisation_id', '=', organisation.id)
      .executeTakeFirst();
    if (!found) throw invalidInput(`Alert ${input.alertReference.slice(0, 40)} was not sent to ${organisation.odsCode}`, { alertReference: 'not-found' });
    alert = found;
  }
  const row = {
    id: newId(), organisation_id: organisation.id, reference: '', type: input.type, summary: requiredText(input.summary, 'summary', 5000), started_at: startedAt, ended_at: endedAt,
    systems_affected: JSON.stringify(names(input.systemsAffected)), services_affected: JSON.stringify(names(input.servicesAffected)),
    appointments_cancelled: count(input.appointmentsCancelled, 'appointmentsCancelled'), operations_cancelled: count(input.operationsCancelled, 'operationsCancelled'),
    estimated_cost_pounds: count(input.estimatedCostPounds, 'estimatedCostPounds'), national_support_requested: input.nationalSupportRequested ? 1 : 0,
    alert_id: alert?.id ?? null, reported_by: actorLabel(actor), reported_at: now.toISOString(),
  };
  await context.database.db.transaction().execute(async (trx) => {
    const prefix = `INC-${now.getUTCFullYear()}-`;
    const existing = await trx.selectFrom('incidents').select('reference').where('reference', 'like', `${prefix}%`).execute();
    row.reference = `${prefix}${String(Math.max(0, ...existing.map((e) => Number(e.reference.slice(prefix.length))).filter(Number.isFinite)) + 1).padStart(5, '0')}`;
    await trx.insertInto('incidents').values(row).execute();
    await appendAudit(trx, context.database.capabilities, actor, {
      action: 'incident.reported', objectType: 'incident', objectId: row.id, organisationId: organisation.id,
      details: { reference: row.reference, type: row.type, startedAt, endedAt, appointmentsCancelled: row.appointments_cancelled, operationsCancelled: row.operations_cancelled, estimatedCostPounds: row.estimated_cost_pounds, nationalSupportRequested: input.nationalSupportRequested === true, alert: alert?.reference ?? null },
    }, now);
  });
  return incidentView(row, organisation.odsCode, alert?.reference ?? null);
}
