import { authorize, can } from '../../core/authorization.js';
import { displayState, type AlertDisplayState } from '../../core/alert-state.js';
import { WardError } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { findAlert, toAlertRecord, toState, type AlertOrganisationRow, type AlertRecord } from './alert-records.js';

export type AlertSummary = Omit<AlertRecord, 'id'>;

export type OrganisationAlertState = {
  odsCode: string;
  name: string;
  state: AlertDisplayState;
  status: string;
  affectedAssets: number;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  remediatedAt: string | null;
  overdue: string | null;
  escalations: number;
  nextEscalationAt: string | null;
  reopened: number;
  exception: { state: string; justification: string | null; compensatingControls: string | null; expiresAt: string | null; requestedBy: string | null; approvedBy: string | null; rejected: { by: string | null; at: string | null; reason: string | null } | null } | null;
  evidenceThrough: string | null;
  computedAt: string;
};

export type BurnDownPoint = { at: string; organisationsExposed: number; assetsExposed: number };

export type AlertBoard = {
  alert: AlertSummary;
  totals: {
    organisations: number;
    exposedNow: number;
    assetsExposedNow: number;
    byState: Record<string, number>;
    /** Share of target organisations that acknowledged before the acknowledgement deadline (0–100). */
    acknowledgedWithinDeadlinePercent: number;
    /** Share of organisations ever exposed that were verified remediated before the remediation deadline; null when none was exposed. */
    remediatedWithinDeadlinePercent: number | null;
  };
  burnDown: BurnDownPoint[];
  organisations: OrganisationAlertState[];
};

function summary(alert: AlertRecord): AlertSummary {
  return { reference: alert.reference, title: alert.title, severity: alert.severity, description: alert.description, guidance: alert.guidance, conditions: alert.conditions, target: alert.target, issuedAt: alert.issuedAt, issuedBy: alert.issuedBy, ackDeadline: alert.ackDeadline, remediationDeadline: alert.remediationDeadline, escalationIntervalMinutes: alert.escalationIntervalMinutes };
}

export function toOrganisationState(row: AlertOrganisationRow & { ods_code: string; organisation_name: string }): OrganisationAlertState {
  return {
    odsCode: row.ods_code,
    name: row.organisation_name,
    state: displayState(toState(row)),
    status: row.status,
    affectedAssets: row.affected_count,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    remediatedAt: row.remediated_at,
    overdue: row.overdue_kind,
    escalations: row.escalation_count,
    nextEscalationAt: row.next_escalation_at,
    reopened: row.reopened_count,
    exception: row.exception_state
      ? { state: row.exception_state, justification: row.exception_justification, compensatingControls: row.exception_controls, expiresAt: row.exception_expires_at, requestedBy: row.exception_requested_by, approvedBy: row.exception_approved_by, rejected: row.exception_state === 'rejected' ? { by: row.exception_rejected_by, at: row.exception_rejected_at, reason: row.exception_rejection_reason } : null }
      : null,
    evidenceThrough: row.evidence_through,
    computedAt: row.computed_at,
  };
}

/** The board's metrics over some organisations' rows of one alert (all of them, or one region's). */
export function complianceTotals(alert: Pick<AlertRecord, 'ackDeadline' | 'remediationDeadline'>, rows: readonly AlertOrganisationRow[], states: readonly Pick<OrganisationAlertState, 'state'>[]): AlertBoard['totals'] {
  const byState: Record<string, number> = {};
  for (const o of states) byState[o.state] = (byState[o.state] ?? 0) + 1;
  const everExposed = rows.filter((r) => r.first_exposed_at !== null);
  const percent = (part: number, whole: number) => Math.round((1000 * part) / whole) / 10;
  return {
    organisations: rows.length,
    exposedNow: rows.filter((r) => r.affected_count > 0).length,
    assetsExposedNow: rows.reduce((sum, r) => sum + r.affected_count, 0),
    byState,
    acknowledgedWithinDeadlinePercent: rows.length === 0 ? 0 : percent(rows.filter((r) => r.acknowledged_at !== null && r.acknowledged_at <= alert.ackDeadline).length, rows.length),
    remediatedWithinDeadlinePercent: everExposed.length === 0 ? null : percent(everExposed.filter((r) => r.remediated_at !== null && r.remediated_at <= alert.remediationDeadline).length, everExposed.length),
  };
}

/** Organisations and assets exposed after each change of any organisation's affected count, oldest first. */
export function burnDownOf(snapshots: readonly { organisation_id: string; at: string; affected_count: number }[]): BurnDownPoint[] {
  const counts = new Map<string, number>();
  const burnDown: BurnDownPoint[] = [];
  for (const snapshot of snapshots) {
    counts.set(snapshot.organisation_id, snapshot.affected_count);
    const point = { at: snapshot.at, organisationsExposed: [...counts.values()].filter((n) => n > 0).length, assetsExposed: [...counts.values()].reduce((a, b) => a + b, 0) };
    if (burnDown.at(-1)?.at === snapshot.at) burnDown[burnDown.length - 1] = point;
    else burnDown.push(point);
  }
  return burnDown;
}

/** The national board of one alert: every organisation's state, the metrics and the burn-down. */
export async function alertBoard(context: ServiceContext, actor: Actor, reference: string): Promise<AlertBoard> {
  authorize(actor.principal, 'alert:read-national');
  const { db } = context.database;
  const alert = await findAlert(db, reference);
  const rows = await db
    .selectFrom('alert_organisations as ao')
    .innerJoin('organisations as o', 'o.id', 'ao.organisation_id')
    .selectAll('ao')
    .select(['o.ods_code', 'o.name as organisation_name'])
    .where('ao.alert_id', '=', alert.id)
    .orderBy('o.ods_code')
    .execute();
  const organisations = rows.map(toOrganisationState);
  const snapshots = await db.selectFrom('alert_exposure_snapshots').select(['organisation_id', 'at', 'affected_count']).where('alert_id', '=', alert.id).orderBy('at').orderBy('seq').execute();
  return {
    alert: summary(alert),
    totals: complianceTotals(alert, rows, organisations),
    burnDown: burnDownOf(snapshots),
    organisations,
  };
}

export type AffectedAsset = { deviceId: string; hostname: string | null; ipAddresses: string[]; reasons: string[] };

/** One organisation's own view of one alert: its state and its affected assets, nothing of others. */
export async function organisationAlertStatus(context: ServiceContext, actor: Actor, reference: string, odsCode: string): Promise<{ alert: AlertSummary; organisation: OrganisationAlertState; affectedAssets: AffectedAsset[] }> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'alert:read', organisation.id);
  const { db } = context.database;
  const alert = await findAlert(db, reference);
  const row = await db
    .selectFrom('alert_organisations as ao')
    .innerJoin('organisations as o', 'o.id', 'ao.organisation_id')
    .selectAll('ao')
    .select(['o.ods_code', 'o.name as organisation_name'])
    .where('ao.alert_id', '=', alert.id)
    .where('ao.organisation_id', '=', organisation.id)
    .executeTakeFirst();
  if (!row) throw new WardError('NOT_FOUND', `Alert ${alert.reference} was not issued to ${organisation.odsCode}`);
  const assets = await db
    .selectFrom('alert_affected_assets as aa')
    .innerJoin('devices as d', 'd.id', 'aa.device_id')
    .select(['aa.device_id', 'aa.reasons', 'd.hostname', 'd.ip_addresses'])
    .where('aa.organisation_id', '=', organisation.id)
    .where('aa.alert_id', '=', alert.id)
    .orderBy('d.hostname')
    .execute();
  return {
    alert: summary(alert),
    organisation: toOrganisationState(row),
    affectedAssets: assets.map((a) => ({ deviceId: a.device_id, hostname: a.hostname, ipAddresses: JSON.parse(a.ip_addresses) as string[], reasons: JSON.parse(a.reasons) as string[] })),
  };
}

export type AlertListItem = Pick<AlertRecord, 'reference' | 'title' | 'severity' | 'issuedAt' | 'ackDeadline' | 'remediationDeadline'> & {
  organisations: number;
  exposed: number;
  open: number;
  /** Organisations that have acknowledged (at any time). */
  acknowledged: number;
  /** Organisations verified remediated from evidence. */
  remediated: number;
};

/** Every alert with its national counts (national roles). */
export async function listAlerts(context: ServiceContext, actor: Actor): Promise<AlertListItem[]> {
  authorize(actor.principal, 'alert:read-national');
  const { db } = context.database;
  const alerts = await db.selectFrom('alerts').selectAll().orderBy('issued_at', 'desc').execute();
  const counts = await db.selectFrom('alert_organisations').select(['alert_id', 'status', 'affected_count', 'acknowledged_at']).execute();
  return alerts.map((row) => {
    const mine = counts.filter((c) => c.alert_id === row.id);
    return {
      reference: row.reference, title: row.title, severity: row.severity, issuedAt: row.issued_at, ackDeadline: row.ack_deadline, remediationDeadline: row.remediation_deadline,
      organisations: mine.length, exposed: mine.filter((c) => c.affected_count > 0).length, open: mine.filter((c) => c.status === 'issued' || c.status === 'acknowledged').length,
      acknowledged: mine.filter((c) => c.acknowledged_at !== null).length, remediated: mine.filter((c) => c.status === 'remediated').length,
    };
  });
}

/** The alerts one organisation must answer, with its own state only. */
export async function listOrganisationAlerts(context: ServiceContext, actor: Actor, odsCode: string): Promise<(AlertListItem & { state: AlertDisplayState; affectedAssets: number; acknowledgedAt: string | null; exceptionState: string | null })[]> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'alert:read', organisation.id);
  const rows = await context.database.db
    .selectFrom('alert_organisations as ao')
    .innerJoin('alerts as a', 'a.id', 'ao.alert_id')
    .selectAll('a')
    .select(['ao.status as org_status', 'ao.affected_count', 'ao.acknowledged_at', 'ao.remediated_at', 'ao.overdue_kind', 'ao.escalation_count', 'ao.next_escalation_at', 'ao.exception_state', 'ao.exception_expires_at'])
    .where('ao.organisation_id', '=', organisation.id)
    .orderBy('a.issued_at', 'desc')
    .execute();
  return rows.map((row) => {
    const alert = toAlertRecord(row);
    const state = displayState({
      status: row.org_status as 'issued', affectedCount: row.affected_count, acknowledgedAt: row.acknowledged_at, remediatedAt: row.remediated_at,
      overdueKind: row.overdue_kind as 'acknowledgement' | null, escalationCount: row.escalation_count, nextEscalationAt: row.next_escalation_at,
      exceptionState: row.exception_state as 'requested' | null, exceptionExpiresAt: row.exception_expires_at,
    });
    return {
      reference: alert.reference, title: alert.title, severity: alert.severity, issuedAt: alert.issuedAt, ackDeadline: alert.ackDeadline, remediationDeadline: alert.remediationDeadline,
      organisations: 1, exposed: row.affected_count > 0 ? 1 : 0, open: row.org_status === 'issued' || row.org_status === 'acknowledged' ? 1 : 0,
      acknowledged: row.acknowledged_at !== null ? 1 : 0, remediated: row.org_status === 'remediated' ? 1 : 0,
      state, affectedAssets: row.affected_count, acknowledgedAt: row.acknowledged_at, exceptionState: row.exception_state,
    };
  });
}

/** National roles get the board; organisation roles their own state. */
export function seesBoard(actor: Actor): boolean {
  return can(actor.principal, 'alert:read-national');
}
