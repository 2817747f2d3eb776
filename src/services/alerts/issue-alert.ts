import { authorize } from '../../core/authorization.js';
import { WardError, invalidInput, isWardError } from '../../core/errors.js';
import { principalId, type Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { enqueueNotifications } from '../outbox/notification.js';
import { parseConditions, parseTarget } from './alert-conditions.js';
import { alertSummaryText, noticesFor } from './alert-notices.js';
import type { AlertRecord } from './alert-records.js';
import { computeExposures, latestIntelLoad } from './exposure-runs.js';

export const alertSeverities = ['critical', 'high', 'medium', 'low'] as const;

export type IssueAlertInput = {
  /** e.g. CC-2026-0042; the next CC-<year>-NNNN when absent. */
  reference?: string;
  title: string;
  severity: string;
  /** Markdown. */
  description?: string;
  guidance?: string;
  conditions: unknown;
  target?: unknown;
  /** The NHS rule: acknowledge within 48 hours. */
  ackHours?: number;
  remediationDays?: number;
  /** How often an overdue organisation is escalated again. */
  escalationHours?: number;
};

export type IssuedAlert = {
  reference: string;
  issuedAt: string;
  ackDeadline: string;
  remediationDeadline: string;
  organisations: number;
  exposedOrganisations: number;
  affectedAssets: number;
  /** CVEs of the alert that intel has no record of (yet). */
  unknownCves: string[];
};

const referencePattern = /^[A-Z]{2,6}-\d{4}-\d{3,6}$/;

/**
 * Issues a critical alert: stores it, opens one state per target organisation with the exposure
 * computed from current evidence, and queues the notices, all in one transaction.
 */
export async function issueAlert(context: ServiceContext, actor: Actor, input: IssueAlertInput): Promise<IssuedAlert> {
  authorize(actor.principal, 'alert:issue');
  const { title, severity, conditions, target, ackHours, remediationDays, escalationHours, givenReference } = checkIssueAlertInput(input);
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  const issuedAt = now.toISOString();
  const reference = givenReference ?? (await nextReference(context, now));

  const organisations = (await db.selectFrom('organisations').select(['id', 'ods_code', 'name', 'region', 'kind']).orderBy('ods_code').execute()).filter(
    (o) => target.all || target.odsCodes.includes(o.ods_code) || target.kinds.some((k) => k === o.kind) || (o.region !== null && target.regions.some((r) => r.toLowerCase() === o.region?.toLowerCase())),
  );
  const unknownTargets = target.odsCodes.filter((code) => !organisations.some((o) => o.ods_code === code));
  if (unknownTargets.length > 0) throw invalidInput(`Unknown organisations: ${unknownTargets.join(', ')}`, { 'target.odsCodes': 'unknown' });
  if (organisations.length === 0) throw invalidInput('No organisation matches the target', { target: 'no-match' });

  const alert: AlertRecord = {
    id: newId(),
    reference,
    title,
    severity,
    description: input.description ?? '',
    guidance: input.guidance ?? '',
    conditions,
    target,
    issuedAt,
    issuedBy: principalId(actor.principal) ?? actor.principal.label,
    ackDeadline: new Date(now.getTime() + ackHours * 3600_000).toISOString(),
    remediationDeadline: new Date(now.getTime() + remediationDays * 86_400_000).toISOString(),
    escalationIntervalMinutes: Math.round(escalationHours * 60),
  };
  const knownCves = conditions.cves.length === 0 ? [] : await db.selectFrom('cves').select('id').where('id', 'in', conditions.cves).execute();
  const unknownCves = conditions.cves.filter((cve) => !knownCves.some((k) => k.id === cve));
  const intelAt = await latestIntelLoad(context);
  const exposures = await computeExposures(context, alert, organisations.map((o) => o.id));

  await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('alerts').select('id').where('reference', '=', reference).executeTakeFirst()) throw new WardError('CONFLICT', `An alert ${reference} already exists`);
    await trx
      .insertInto('alerts')
      .values({
        id: alert.id, reference, title, severity, description: alert.description, guidance: alert.guidance,
        conditions: JSON.stringify(conditions), target: JSON.stringify(target), issued_at: issuedAt, issued_by: alert.issuedBy,
        ack_deadline: alert.ackDeadline, remediation_deadline: alert.remediationDeadline, escalation_interval_minutes: alert.escalationIntervalMinutes,
        intel_seen_at: intelAt, computed_at: issuedAt,
      })
      .execute();
    const stateRows = exposures.map((e) => ({
      organisation_id: e.organisationId, alert_id: alert.id, status: 'issued', affected_count: e.affected.size,
      first_exposed_at: e.affected.size > 0 ? issuedAt : null, acknowledged_at: null, acknowledged_by: null, remediated_at: null,
      overdue_kind: null, overdue_at: null, escalated_at: null, next_escalation_at: null, exception_state: null, exception_justification: null,
      exception_controls: null, exception_expires_at: null, exception_requested_by: null, exception_requested_at: null, exception_approved_by: null,
      exception_approved_at: null, evidence_through: e.evidenceThrough, computed_at: issuedAt, updated_at: issuedAt,
    }));
    for (let start = 0; start < stateRows.length; start += 100) await trx.insertInto('alert_organisations').values(stateRows.slice(start, start + 100)).execute();
    const snapshots = exposures.map((e) => ({ organisation_id: e.organisationId, alert_id: alert.id, seq: 1, at: issuedAt, affected_count: e.affected.size }));
    for (let start = 0; start < snapshots.length; start += 100) await trx.insertInto('alert_exposure_snapshots').values(snapshots.slice(start, start + 100)).execute();
    const assets = exposures.flatMap((e) => [...e.affected].map(([deviceId, reasons]) => ({ organisation_id: e.organisationId, alert_id: alert.id, device_id: deviceId, reasons: JSON.stringify(reasons) })));
    for (let start = 0; start < assets.length; start += 200) await trx.insertInto('alert_affected_assets').values(assets.slice(start, start + 200)).execute();
    await appendAudit(trx, capabilities, actor, {
      action: 'alert.issued', objectType: 'alert', objectId: alert.id, organisationId: null,
      details: { reference, title, severity, conditions, target, organisations: organisations.length, exposedOrganisations: exposures.filter((e) => e.affected.size > 0).length, ackDeadline: alert.ackDeadline, remediationDeadline: alert.remediationDeadline },
    }, now);
    for (const [k, organisation] of organisations.entries()) {
      const affected = exposures[k]?.affected.size ?? 0;
      const notice = { id: organisation.id, odsCode: organisation.ods_code, name: organisation.name };
      const notices = await noticesFor(trx, {
        alert, organisation: notice, event: 'alert.issued', occurrence: 0, toOrganisation: true, toNational: false,
        subject: `[Ward] ${severity.toUpperCase()} alert ${reference}: ${title}`,
        text: alertSummaryText(alert, notice, [affected > 0 ? `Ward's evidence shows ${affected} affected asset(s) in your organisation.` : "Ward's current evidence shows no affected asset in your organisation.", '', alert.guidance]),
        details: { state: 'issued', affectedCount: affected, at: issuedAt },
      });
      await enqueueNotifications(trx, notices, now);
    }
  });
  return {
    reference, issuedAt, ackDeadline: alert.ackDeadline, remediationDeadline: alert.remediationDeadline,
    organisations: organisations.length,
    exposedOrganisations: exposures.filter((e) => e.affected.size > 0).length,
    affectedAssets: exposures.reduce((sum, e) => sum + e.affected.size, 0),
    unknownCves,
  };
}

/**
 * Every field of the input checked at once, so a form can name each problem: one INVALID_INPUT
 * whose `fields` hold every field path that failed (`title`, `conditions.cves.0`, `target`, …).
 */
export function checkIssueAlertInput(input: IssueAlertInput) {
  const problems: string[] = [];
  const fields: Record<string, string> = {};
  const problem = (message: string, field: Record<string, string>) => {
    problems.push(message);
    Object.assign(fields, field);
  };
  const attempt = <T>(parse: () => T): T | null => {
    try {
      return parse();
    } catch (error) {
      if (!isWardError(error) || error.code !== 'INVALID_INPUT') throw error;
      problem(error.message, error.details.fields ?? {});
      return null;
    }
  };
  const title = input.title.trim();
  if (title.length < 3 || title.length > 300) problem('An alert needs a title of 3 to 300 characters', { title: 'length' });
  const severity = input.severity.trim().toLowerCase();
  if (!(alertSeverities as readonly string[]).includes(severity)) problem(`Severity must be one of ${alertSeverities.join(', ')}`, { severity: 'unknown' });
  const givenReference = input.reference?.trim().toUpperCase();
  if (givenReference !== undefined && !referencePattern.test(givenReference)) problem('A reference looks like CC-2026-0042', { reference: 'malformed' });
  const conditions = attempt(() => parseConditions(input.conditions));
  const target = attempt(() => parseTarget(input.target));
  const ackHours = input.ackHours ?? 48;
  const remediationDays = input.remediationDays ?? 14;
  const escalationHours = input.escalationHours ?? 24;
  for (const [name, value, max] of [['ackHours', ackHours, 24 * 30], ['remediationDays', remediationDays, 366], ['escalationHours', escalationHours, 24 * 30]] as const) {
    if (!(value > 0 && value <= max)) problem(`${name} must be above 0 and at most ${max}`, { [name]: 'range' });
  }
  if (problems.length > 0 || conditions === null || target === null) throw invalidInput(problems.join('; '), fields);
  return { title, severity, conditions, target, ackHours, remediationDays, escalationHours, givenReference };
}

async function nextReference(context: ServiceContext, now: Date): Promise<string> {
  const prefix = `CC-${now.getUTCFullYear()}-`;
  const rows = await context.database.db.selectFrom('alerts').select('reference').where('reference', 'like', `${prefix}%`).execute();
  const highest = rows.reduce((max, r) => Math.max(max, Number(r.reference.slice(prefix.length)) || 0), 0);
  return `${prefix}${String(highest + 1).padStart(4, '0')}`;
}
