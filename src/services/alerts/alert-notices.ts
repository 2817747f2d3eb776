import type { Transaction } from 'kysely';
import type { Database } from '../../storage/schema.js';
import type { Notification } from '../outbox/notification.js';
import type { AlertRecord } from './alert-records.js';

export type NoticeOrganisation = { id: string; odsCode: string; name: string };

export type AlertNotice = {
  alert: AlertRecord;
  organisation: NoticeOrganisation;
  /** e.g. `alert.issued`, `alert.escalated`. */
  event: string;
  /** Distinguishes repeats of the same event (the escalation number, the re-opening number). */
  occurrence: number;
  subject: string;
  text: string;
  /** E-mail the organisation's admins. */
  toOrganisation: boolean;
  /** E-mail the national admins. */
  toNational: boolean;
  details: Record<string, unknown>;
};

/**
 * The e-mails and webhook calls of one alert event for one organisation, named so that the same
 * event never produces two of the same notice (dedupe keys).
 */
export async function noticesFor(trx: Transaction<Database>, notice: AlertNotice): Promise<Notification[]> {
  const base = `alert:${notice.alert.id}:${notice.organisation.id}:${notice.event}:${notice.occurrence}`;
  const out: Notification[] = [];
  const roles = [...(notice.toOrganisation ? ['org-admin'] : []), ...(notice.toNational ? ['national-admin'] : [])];
  if (roles.length > 0) {
    const users = await trx
      .selectFrom('users')
      .select(['id', 'email', 'role', 'organisation_id'])
      .where('disabled_at', 'is', null)
      .where('role', 'in', roles)
      .execute();
    for (const user of users) {
      if (user.role === 'org-admin' && user.organisation_id !== notice.organisation.id) continue;
      out.push({ channel: 'email', to: user.email, subject: notice.subject, text: notice.text, dedupeKey: `${base}:email:${user.id}`, event: notice.event, organisationId: notice.organisation.id });
    }
  }
  const webhooks = await trx
    .selectFrom('webhooks')
    .select(['id', 'url', 'organisation_id'])
    .where('disabled_at', 'is', null)
    // Readiness contacts' webhooks hear only drills.
    .where('purpose', '=', 'alerts')
    .where((eb) => eb.or([eb('organisation_id', 'is', null), eb('organisation_id', '=', notice.organisation.id)]))
    .execute();
  for (const webhook of webhooks) {
    out.push({
      channel: 'webhook',
      webhookId: webhook.id,
      url: webhook.url,
      payload: {
        event: notice.event,
        occurrence: notice.occurrence,
        alert: { reference: notice.alert.reference, title: notice.alert.title, severity: notice.alert.severity, ackDeadline: notice.alert.ackDeadline, remediationDeadline: notice.alert.remediationDeadline },
        organisation: { odsCode: notice.organisation.odsCode, name: notice.organisation.name },
        ...notice.details,
      },
      dedupeKey: `${base}:webhook:${webhook.id}`,
      event: notice.event,
      organisationId: notice.organisation.id,
    });
  }
  return out;
}

export function alertSummaryText(alert: AlertRecord, organisation: NoticeOrganisation, lines: string[]): string {
  return [
    `${alert.reference} (${alert.severity}): ${alert.title}`,
    `Organisation: ${organisation.odsCode} ${organisation.name}`,
    ...lines,
    `Acknowledge by ${alert.ackDeadline}; remediate by ${alert.remediationDeadline}.`,
    '',
    `Acknowledge with: ward alert ack ${alert.reference} --org ${organisation.odsCode}`,
  ].join('\n');
}
