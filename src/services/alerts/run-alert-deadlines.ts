import type { Updateable } from 'kysely';
import type { AlertOrganisationTable } from '../../storage/schema.js';
import { dueAction, openStatus, type DueAction } from '../../core/alert-state.js';
import { systemActor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { enqueueNotifications } from '../outbox/notification.js';
import { alertSummaryText, noticesFor } from './alert-notices.js';
import { lockAlertOrganisation, toAlertRecord, toState } from './alert-records.js';

const schedulerActor = systemActor('scheduler');

export type DeadlineRun = { overdue: number; escalations: number; exceptionsExpired: number; backOnTime: number };

/**
 * The scheduler's alert task at `now`: organisations past a deadline become overdue and are
 * escalated (notices to their admins, the national admins and webhooks), again every escalation
 * interval while they stay overdue; approved exceptions lapse at their expiry. Each change runs in
 * its own transaction with the state row locked and re-checked, and every notice has a dedupe key,
 * so two schedulers on one PostgreSQL never send a notice twice.
 */
export async function runAlertDeadlines(context: ServiceContext): Promise<DeadlineRun> {
  const { db } = context.database;
  const now = context.clock.now();
  const nowText = now.toISOString();
  const candidates = await db
    .selectFrom('alert_organisations as ao')
    .innerJoin('alerts as a', 'a.id', 'ao.alert_id')
    .select(['ao.alert_id', 'ao.organisation_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('ao.status', '=', 'issued'), eb('a.ack_deadline', '<=', nowText), eb('ao.overdue_kind', 'is', null)]),
        eb.and([eb('ao.status', 'in', ['issued', 'acknowledged']), eb('ao.affected_count', '>', 0), eb('a.remediation_deadline', '<=', nowText), eb.or([eb('ao.overdue_kind', 'is', null), eb('ao.overdue_kind', '<>', 'remediation')])]),
        eb.and([eb('ao.status', 'in', ['issued', 'acknowledged']), eb('ao.next_escalation_at', '<=', nowText)]),
        eb.and([eb('ao.status', 'in', ['issued', 'acknowledged']), eb('ao.overdue_kind', 'is not', null)]),
        eb.and([eb('ao.status', '=', 'exception'), eb('ao.exception_expires_at', '<=', nowText)]),
      ]),
    )
    .execute();
  const run: DeadlineRun = { overdue: 0, escalations: 0, exceptionsExpired: 0, backOnTime: 0 };
  for (const candidate of candidates) {
    await db.transaction().execute(async (trx) => {
      const row = await lockAlertOrganisation(trx, context.database, candidate.alert_id, candidate.organisation_id);
      const alertRow = await trx.selectFrom('alerts').selectAll().where('id', '=', candidate.alert_id).executeTakeFirst();
      const organisation = await trx.selectFrom('organisations').select(['id', 'ods_code as odsCode', 'name']).where('id', '=', candidate.organisation_id).executeTakeFirst();
      if (!row || !alertRow || !organisation) return;
      const alert = toAlertRecord(alertRow);
      const state = toState(row);
      const action: DueAction | null = dueAction(state, { ackDeadline: alert.ackDeadline, remediationDeadline: alert.remediationDeadline, escalationIntervalMinutes: alert.escalationIntervalMinutes }, now);
      if (action === null) return;
      const update = (values: Updateable<AlertOrganisationTable>) =>
        trx.updateTable('alert_organisations').set(values).where('organisation_id', '=', organisation.id).where('alert_id', '=', alert.id).execute();
      const audit = (auditAction: string, details: Record<string, unknown>) =>
        appendAudit(trx, context.database.capabilities, schedulerActor, { action: auditAction, objectType: 'alert', objectId: alert.id, organisationId: organisation.id, details: { reference: alert.reference, ...details } }, now);

      if (action.kind === 'exception-expired') {
        await update({ status: openStatus(state), exception_state: null, updated_at: nowText });
        await audit('alert.exception-expired', { expiredAt: state.exceptionExpiresAt });
        run.exceptionsExpired += 1;
        return;
      }
      if (action.kind === 'back-on-time') {
        await update({ overdue_kind: null, overdue_at: null, next_escalation_at: null, updated_at: nowText });
        run.backOnTime += 1;
        return;
      }
      const escalation = state.escalationCount + 1;
      const next = new Date(now.getTime() + alert.escalationIntervalMinutes * 60_000).toISOString();
      if (action.kind === 'overdue') {
        await audit('alert.overdue', { missed: action.overdueKind, deadline: action.overdueKind === 'acknowledgement' ? alert.ackDeadline : alert.remediationDeadline, affectedCount: state.affectedCount });
        run.overdue += 1;
      }
      await update({ overdue_kind: action.overdueKind, ...(action.kind === 'overdue' ? { overdue_at: nowText } : {}), escalation_count: escalation, escalated_at: nowText, next_escalation_at: next, updated_at: nowText });
      await audit('alert.escalated', { missed: action.overdueKind, escalation, nextEscalationAt: next });
      run.escalations += 1;
      const missed = action.overdueKind === 'acknowledgement' ? `has not acknowledged the alert (due ${alert.ackDeadline})` : `still has ${state.affectedCount} affected asset(s) after the remediation deadline (${alert.remediationDeadline})`;
      const notices = await noticesFor(trx, {
        alert, organisation, event: 'alert.escalated', occurrence: escalation, toOrganisation: true, toNational: true,
        subject: `[Ward] ESCALATION ${escalation}: ${alert.reference} overdue for ${action.overdueKind} at ${organisation.odsCode}`,
        text: alertSummaryText(alert, organisation, [`${organisation.odsCode} ${missed}.`, `Escalation ${escalation}; the next one follows at ${next} unless resolved.`]),
        details: { state: 'escalated', overdue: action.overdueKind, escalation, affectedCount: state.affectedCount, at: nowText },
      });
      await enqueueNotifications(trx, notices, now);
    });
  }
  return run;
}
