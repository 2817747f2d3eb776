import type { Transaction } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { newId } from '../ids.js';

export type EmailNotification = {
  channel: 'email';
  to: string;
  subject: string;
  text: string;
};

export type WebhookNotification = {
  channel: 'webhook';
  webhookId: string;
  url: string;
  /** The JSON document sent; stored serialised so the signed bytes never change between attempts. */
  payload: Record<string, unknown>;
};

export type Notification = (EmailNotification | WebhookNotification) & {
  /**
   * Names the notice, not the attempt: enqueuing the same key twice (two scheduler processes, a
   * replayed event) keeps one row, so a notice is sent once.
   */
  dedupeKey: string;
  event: string;
  organisationId: string | null;
};

export const defaultMaxAttempts = 8;

/**
 * Writes notifications into the outbox INSIDE the caller's transaction: they exist exactly when
 * the event that caused them committed. The worker (jobs/worker.ts) delivers them.
 */
export async function enqueueNotifications(trx: Transaction<Database>, notifications: readonly Notification[], now: Date, maxAttempts = defaultMaxAttempts): Promise<void> {
  for (const n of notifications) {
    await trx
      .insertInto('outbox')
      .values({
        id: newId(),
        dedupe_key: n.dedupeKey,
        channel: n.channel,
        event: n.event,
        organisation_id: n.organisationId,
        webhook_id: n.channel === 'webhook' ? n.webhookId : null,
        recipient: n.channel === 'email' ? n.to : n.url,
        subject: n.channel === 'email' ? n.subject : null,
        body: n.channel === 'email' ? n.text : JSON.stringify(n.payload),
        status: 'pending',
        max_attempts: maxAttempts,
        next_attempt_at: now.toISOString(),
        lease_owner: null,
        lease_until: null,
        last_error: null,
        created_at: now.toISOString(),
        sent_at: null,
        failed_at: null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  }
}
