import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AlertOrganisationState, AlertStatus, ExceptionState, OverdueKind } from '../../core/alert-state.js';
import { notFound } from '../../core/errors.js';
import type { AlertOrganisationTable, AlertTable, Database } from '../../storage/schema.js';
import type { WardDatabase } from '../../storage/open-database.js';
import { parseConditions, parseTarget, type AlertConditions, type AlertTarget } from './alert-conditions.js';

export type AlertRecord = {
  id: string;
  reference: string;
  title: string;
  severity: string;
  description: string;
  guidance: string;
  conditions: AlertConditions;
  target: AlertTarget;
  issuedAt: string;
  issuedBy: string;
  ackDeadline: string;
  remediationDeadline: string;
  escalationIntervalMinutes: number;
};

export function toAlertRecord(row: Selectable<AlertTable>): AlertRecord {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    severity: row.severity,
    description: row.description,
    guidance: row.guidance,
    conditions: parseConditions(JSON.parse(row.conditions)),
    target: parseTarget(JSON.parse(row.target)),
    issuedAt: row.issued_at,
    issuedBy: row.issued_by,
    ackDeadline: row.ack_deadline,
    remediationDeadline: row.remediation_deadline,
    escalationIntervalMinutes: row.escalation_interval_minutes,
  };
}

export async function findAlert(db: Kysely<Database>, reference: string): Promise<AlertRecord> {
  const row = await db.selectFrom('alerts').selectAll().where('reference', '=', reference.trim().toUpperCase()).executeTakeFirst();
  if (!row) throw notFound(`Alert ${reference.slice(0, 40)}`);
  return toAlertRecord(row);
}

export type AlertOrganisationRow = Selectable<AlertOrganisationTable>;

export function toState(row: AlertOrganisationRow): AlertOrganisationState {
  return {
    status: row.status as AlertStatus,
    affectedCount: row.affected_count,
    acknowledgedAt: row.acknowledged_at,
    remediatedAt: row.remediated_at,
    overdueKind: row.overdue_kind as OverdueKind | null,
    escalationCount: row.escalation_count,
    nextEscalationAt: row.next_escalation_at,
    exceptionState: row.exception_state as ExceptionState | null,
    exceptionExpiresAt: row.exception_expires_at,
  };
}

/** Reads one organisation's row inside a transaction, locked on PostgreSQL so concurrent transitions queue. */
export async function lockAlertOrganisation(trx: Transaction<Database>, database: WardDatabase, alertId: string, organisationId: string): Promise<AlertOrganisationRow | undefined> {
  let query = trx.selectFrom('alert_organisations').selectAll().where('organisation_id', '=', organisationId).where('alert_id', '=', alertId);
  if (database.capabilities.skipLocked) query = query.forUpdate();
  return query.executeTakeFirst();
}
