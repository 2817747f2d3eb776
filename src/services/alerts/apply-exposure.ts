import type { Transaction } from 'kysely';
import { exposureOutcome, openStatus } from '../../core/alert-state.js';
import { systemActor, type Actor } from '../../core/principal.js';
import type { Database } from '../../storage/schema.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { enqueueNotifications } from '../outbox/notification.js';
import { alertSummaryText, noticesFor, type NoticeOrganisation } from './alert-notices.js';
import { lockAlertOrganisation, toState, type AlertRecord } from './alert-records.js';
import type { OrganisationAlertExposure } from './compute-exposure.js';

export const evidenceActor: Actor = systemActor('evidence');

/**
 * Stores what fresh evidence says about one organisation (affected assets, a burn-down point when
 * the count changed) and makes the transition it implies: remediated when verified, re-opened when
 * the condition is back. Runs inside the caller's transaction with the row locked.
 */
export async function applyExposure(
  trx: Transaction<Database>,
  context: ServiceContext,
  alert: AlertRecord,
  organisation: NoticeOrganisation,
  exposure: OrganisationAlertExposure,
  now: Date,
): Promise<void> {
  const row = await lockAlertOrganisation(trx, context.database, alert.id, organisation.id);
  if (!row) return;
  const nowText = now.toISOString();
  const affectedCount = exposure.affected.size;
  await trx.deleteFrom('alert_affected_assets').where('organisation_id', '=', organisation.id).where('alert_id', '=', alert.id).execute();
  const assets = [...exposure.affected].map(([deviceId, reasons]) => ({ organisation_id: organisation.id, alert_id: alert.id, device_id: deviceId, reasons: JSON.stringify(reasons) }));
  for (let start = 0; start < assets.length; start += 200) await trx.insertInto('alert_affected_assets').values(assets.slice(start, start + 200)).execute();

  const last = await trx.selectFrom('alert_exposure_snapshots').select(['seq', 'affected_count']).where('organisation_id', '=', organisation.id).where('alert_id', '=', alert.id).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (!last || last.affected_count !== affectedCount) {
    await trx.insertInto('alert_exposure_snapshots').values({ organisation_id: organisation.id, alert_id: alert.id, seq: (last?.seq ?? 0) + 1, at: nowText, affected_count: affectedCount }).execute();
  }

  const state = toState(row);
  const covered = exposure.coverage !== null && exposure.coverage.inScope > 0 && exposure.coverage.covered === exposure.coverage.inScope;
  const outcome = exposureOutcome(state, { affectedCount, covered });
  const base = {
    affected_count: affectedCount,
    first_exposed_at: row.first_exposed_at ?? (affectedCount > 0 ? nowText : null),
    evidence_through: exposure.evidenceThrough,
    computed_at: nowText,
  };
  if (outcome === null) {
    await trx.updateTable('alert_organisations').set(base).where('organisation_id', '=', organisation.id).where('alert_id', '=', alert.id).execute();
    return;
  }
  const audit = (action: string, details: Record<string, unknown>) =>
    appendAudit(trx, context.database.capabilities, evidenceActor, { action, objectType: 'alert', objectId: alert.id, organisationId: organisation.id, details: { reference: alert.reference, ...details } }, now);
  if (outcome === 'remediated') {
    await trx
      .updateTable('alert_organisations')
      .set({ ...base, status: 'remediated', remediated_at: nowText, overdue_kind: null, overdue_at: null, next_escalation_at: null, updated_at: nowText })
      .where('organisation_id', '=', organisation.id)
      .where('alert_id', '=', alert.id)
      .execute();
    await audit('alert.remediated', { from: state.status, inScopeDevices: exposure.coverage?.inScope ?? 0, evidenceThrough: exposure.evidenceThrough, onTime: nowText <= alert.remediationDeadline });
    const notices = await noticesFor(trx, {
      alert, organisation, event: 'alert.remediated', occurrence: row.reopened_count, toOrganisation: false, toNational: false,
      subject: `[Ward] ${alert.reference} remediated: ${organisation.odsCode}`,
      text: alertSummaryText(alert, organisation, ['Evidence newer than the alert shows no affected asset.']),
      details: { state: 'remediated', affectedCount: 0, at: nowText },
    });
    await enqueueNotifications(trx, notices, now);
    return;
  }
  const reopenedCount = row.reopened_count + 1;
  await trx
    .updateTable('alert_organisations')
    .set({ ...base, status: openStatus(state), remediated_at: null, reopened_count: reopenedCount, updated_at: nowText })
    .where('organisation_id', '=', organisation.id)
    .where('alert_id', '=', alert.id)
    .execute();
  await audit('alert.reopened', { affectedCount, reopenedCount });
  const notices = await noticesFor(trx, {
    alert, organisation, event: 'alert.reopened', occurrence: reopenedCount, toOrganisation: true, toNational: false,
    subject: `[Ward] ${alert.reference} re-opened: ${organisation.odsCode} is exposed again`,
    text: alertSummaryText(alert, organisation, [`A later import shows ${affectedCount} affected asset(s) again.`]),
    details: { state: openStatus(state), affectedCount, at: nowText },
  });
  await enqueueNotifications(trx, notices, now);
}
