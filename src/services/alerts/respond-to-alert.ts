import type { Transaction } from 'kysely';
import { authorize, type Action } from '../../core/authorization.js';
import { WardError, invalidInput, notFound } from '../../core/errors.js';
import { exceptionDecidable, isClosed } from '../../core/alert-state.js';
import { principalId, type Actor } from '../../core/principal.js';
import type { Database } from '../../storage/schema.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { enqueueNotifications } from '../outbox/notification.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { alertSummaryText, noticesFor, type NoticeOrganisation } from './alert-notices.js';
import { findAlert, lockAlertOrganisation, toState, type AlertOrganisationRow, type AlertRecord } from './alert-records.js';

type Step = { trx: Transaction<Database>; row: AlertOrganisationRow; alert: AlertRecord; organisation: NoticeOrganisation; now: Date; nowText: string; by: string };

/** Authorises on the organisation first (so a stranger learns nothing), then locks its state row. */
async function withOrganisationState<T>(context: ServiceContext, actor: Actor, action: Action, reference: string, odsCode: string, work: (step: Step) => Promise<T>): Promise<T> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, action, organisation.id);
  const alert = await findAlert(context.database.db, reference);
  const now = context.clock.now();
  return context.database.db.transaction().execute(async (trx) => {
    const row = await lockAlertOrganisation(trx, context.database, alert.id, organisation.id);
    if (!row) throw notFound(`Alert ${alert.reference} for ${organisation.odsCode}`);
    return work({ trx, row, alert, organisation: { id: organisation.id, odsCode: organisation.odsCode, name: organisation.name }, now, nowText: now.toISOString(), by: principalId(actor.principal) ?? actor.principal.label });
  });
}

export type AcknowledgeResult = { reference: string; odsCode: string; acknowledgedAt: string; late: boolean; alreadyAcknowledged: boolean };

/** The organisation has read the alert and is acting on it (the 48-hour NHS rule). Idempotent. */
export async function acknowledgeAlert(context: ServiceContext, actor: Actor, reference: string, odsCode: string): Promise<AcknowledgeResult> {
  return withOrganisationState(context, actor, 'alert:acknowledge', reference, odsCode, async ({ trx, row, alert, organisation, now, nowText, by }) => {
    if (row.acknowledged_at !== null) return { reference: alert.reference, odsCode: organisation.odsCode, acknowledgedAt: row.acknowledged_at, late: row.acknowledged_at > alert.ackDeadline, alreadyAcknowledged: true };
    const clearsOverdue = row.overdue_kind === 'acknowledgement';
    await trx
      .updateTable('alert_organisations')
      .set({
        acknowledged_at: nowText,
        acknowledged_by: by,
        ...(row.status === 'issued' ? { status: 'acknowledged' } : {}),
        ...(clearsOverdue ? { overdue_kind: null, overdue_at: null, next_escalation_at: null } : {}),
        updated_at: nowText,
      })
      .where('organisation_id', '=', organisation.id)
      .where('alert_id', '=', alert.id)
      .execute();
    const late = nowText > alert.ackDeadline;
    await appendAudit(trx, context.database.capabilities, actor, { action: 'alert.acknowledged', objectType: 'alert', objectId: alert.id, organisationId: organisation.id, details: { reference: alert.reference, late, from: row.status } }, now);
    return { reference: alert.reference, odsCode: organisation.odsCode, acknowledgedAt: nowText, late, alreadyAcknowledged: false };
  });
}

export type ExceptionRequest = { justification: string; compensatingControls: string; expiresAt: string };

/** The organisation asks to live with the exposure for a while, saying why and what protects it meanwhile. */
export async function requestAlertException(context: ServiceContext, actor: Actor, reference: string, odsCode: string, input: ExceptionRequest): Promise<{ reference: string; odsCode: string; exceptionState: 'requested'; expiresAt: string }> {
  const justification = input.justification.trim();
  const controls = input.compensatingControls.trim();
  if (justification.length < 10) throw invalidInput('Explain the exception in at least 10 characters', { justification: 'too-short' });
  if (controls.length < 10) throw invalidInput('Describe the compensating controls in at least 10 characters', { compensatingControls: 'too-short' });
  const expires = new Date(input.expiresAt);
  if (Number.isNaN(expires.getTime())) throw invalidInput('expiresAt must be a date such as 2026-12-31', { expiresAt: 'malformed' });
  return withOrganisationState(context, actor, 'alert:request-exception', reference, odsCode, async ({ trx, row, alert, organisation, now, nowText, by }) => {
    if (expires.getTime() <= now.getTime()) throw invalidInput('An exception must expire in the future', { expiresAt: 'past' });
    if (expires.getTime() > now.getTime() + 366 * 86_400_000) throw invalidInput('An exception lasts at most a year', { expiresAt: 'too-far' });
    if (isClosed({ status: row.status as 'issued' })) throw new WardError('CONFLICT', `${organisation.odsCode} is already ${row.status} for ${alert.reference}`);
    await trx
      .updateTable('alert_organisations')
      .set({ exception_state: 'requested', exception_justification: justification, exception_controls: controls, exception_expires_at: expires.toISOString(), exception_requested_by: by, exception_requested_at: nowText, exception_approved_by: null, exception_approved_at: null, exception_rejected_by: null, exception_rejected_at: null, exception_rejection_reason: null, updated_at: nowText })
      .where('organisation_id', '=', organisation.id)
      .where('alert_id', '=', alert.id)
      .execute();
    await appendAudit(trx, context.database.capabilities, actor, { action: 'alert.exception-requested', objectType: 'alert', objectId: alert.id, organisationId: organisation.id, details: { reference: alert.reference, justification, compensatingControls: controls, expiresAt: expires.toISOString() } }, now);
    const notices = await noticesFor(trx, {
      alert, organisation, event: 'alert.exception-requested', occurrence: Date.parse(nowText), toOrganisation: false, toNational: true,
      subject: `[Ward] ${alert.reference}: ${organisation.odsCode} requests an exception`,
      text: alertSummaryText(alert, organisation, [`Justification: ${justification}`, `Compensating controls: ${controls}`, `Until: ${expires.toISOString()}`]),
      details: { state: 'exception-requested', expiresAt: expires.toISOString(), at: nowText },
    });
    await enqueueNotifications(trx, notices, now);
    return { reference: alert.reference, odsCode: organisation.odsCode, exceptionState: 'requested' as const, expiresAt: expires.toISOString() };
  });
}

/** A national admin accepts the requested exception: the organisation is no longer chased until it expires. */
export async function approveAlertException(context: ServiceContext, actor: Actor, reference: string, odsCode: string): Promise<{ reference: string; odsCode: string; status: 'exception'; expiresAt: string }> {
  authorize(actor.principal, 'alert:approve-exception');
  return withOrganisationState(context, actor, 'alert:approve-exception', reference, odsCode, async ({ trx, row, alert, organisation, now, nowText, by }) => {
    if (!exceptionDecidable(toState(row)) || row.exception_expires_at === null) throw noPendingRequest(organisation, alert);
    if (row.exception_expires_at <= nowText) throw new WardError('CONFLICT', 'The requested exception has already expired');
    // Evidence verified the fix after the request was made: an exception would hide that it is done.
    if (row.status === 'remediated') {
      throw new WardError('CONFLICT', `${organisation.odsCode} was verified remediated for ${alert.reference}${row.remediated_at ? ` on ${row.remediated_at.slice(0, 10)}` : ''}: there is nothing left to except; reject the request to close it`);
    }
    await trx
      .updateTable('alert_organisations')
      .set({ status: 'exception', exception_state: 'approved', exception_approved_by: by, exception_approved_at: nowText, overdue_kind: null, overdue_at: null, next_escalation_at: null, updated_at: nowText })
      .where('organisation_id', '=', organisation.id)
      .where('alert_id', '=', alert.id)
      .execute();
    await appendAudit(trx, context.database.capabilities, actor, { action: 'alert.exception-approved', objectType: 'alert', objectId: alert.id, organisationId: organisation.id, details: { reference: alert.reference, from: row.status, expiresAt: row.exception_expires_at } }, now);
    const notices = await noticesFor(trx, {
      alert, organisation, event: 'alert.exception-approved', occurrence: Date.parse(nowText), toOrganisation: true, toNational: false,
      subject: `[Ward] ${alert.reference}: exception approved for ${organisation.odsCode}`,
      text: alertSummaryText(alert, organisation, [`Exception approved until ${row.exception_expires_at}.`]),
      details: { state: 'exception', expiresAt: row.exception_expires_at, at: nowText },
    });
    await enqueueNotifications(trx, notices, now);
    return { reference: alert.reference, odsCode: organisation.odsCode, status: 'exception' as const, expiresAt: row.exception_expires_at };
  });
}

function noPendingRequest(organisation: NoticeOrganisation, alert: AlertRecord): WardError {
  return new WardError('CONFLICT', `${organisation.odsCode} has no exception request pending for ${alert.reference}`);
}

export type ExceptionRejection = {
  /** Told to the organisation with the refusal, e.g. what would make a new request acceptable. */
  reason?: string;
};

/**
 * A national admin refuses the requested exception: the organisation's status stays open, its
 * deadlines and escalations run on, and it may ask again with a better case.
 */
export async function rejectAlertException(context: ServiceContext, actor: Actor, reference: string, odsCode: string, input: ExceptionRejection = {}): Promise<{ reference: string; odsCode: string; exceptionState: 'rejected'; status: string }> {
  authorize(actor.principal, 'alert:approve-exception');
  const reason = input.reason?.trim() ?? '';
  if (reason.length > 2000) throw invalidInput('Give the reason in at most 2,000 characters', { reason: 'too-long' });
  return withOrganisationState(context, actor, 'alert:approve-exception', reference, odsCode, async ({ trx, row, alert, organisation, now, nowText, by }) => {
    if (!exceptionDecidable(toState(row))) throw noPendingRequest(organisation, alert);
    await trx
      .updateTable('alert_organisations')
      .set({ exception_state: 'rejected', exception_rejected_by: by, exception_rejected_at: nowText, exception_rejection_reason: reason === '' ? null : reason, updated_at: nowText })
      .where('organisation_id', '=', organisation.id)
      .where('alert_id', '=', alert.id)
      .execute();
    await appendAudit(trx, context.database.capabilities, actor, { action: 'alert.exception-rejected', objectType: 'alert', objectId: alert.id, organisationId: organisation.id, details: { reference: alert.reference, status: row.status, requestedExpiresAt: row.exception_expires_at, reason } }, now);
    const notices = await noticesFor(trx, {
      alert, organisation, event: 'alert.exception-rejected', occurrence: Date.parse(nowText), toOrganisation: true, toNational: false,
      subject: `[Ward] ${alert.reference}: exception refused for ${organisation.odsCode}`,
      text: alertSummaryText(alert, organisation, ['The exception you requested was refused: the deadlines still apply.', ...(reason ? [`Reason: ${reason}`] : [])]),
      details: { state: row.status, exceptionState: 'rejected', ...(reason ? { reason } : {}), at: nowText },
    });
    await enqueueNotifications(trx, notices, now);
    return { reference: alert.reference, odsCode: organisation.odsCode, exceptionState: 'rejected' as const, status: row.status };
  });
}
