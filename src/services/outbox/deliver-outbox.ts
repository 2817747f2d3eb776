import type { Selectable } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { systemActor } from '../../core/principal.js';
import type { WardDatabase } from '../../storage/open-database.js';
import type { OutboxTable } from '../../storage/schema.js';
import { appendAudit } from '../audit/append-audit.js';
import { openSecret } from './secret-box.js';
import type { EmailSender, WebhookPoster } from './transports.js';
import { fetchWebhookPoster } from './transports.js';
import { signWebhook, webhookHeaders } from './webhook-signature.js';

export type OutboxRow = Selectable<OutboxTable>;

export type OutboxDeliveryOptions = {
  database: WardDatabase;
  clock: Clock;
  /** Names this process in leases; any unique string. */
  workerId: string;
  /** Null: e-mails are left waiting until a worker with SMTP settings runs. */
  email: EmailSender | null;
  postWebhook?: WebhookPoster;
  secretKey: Buffer | null;
  /** How long a claim lasts; a worker that dies holding one is replaced after it. */
  leaseSeconds?: number;
  /** Back-off: base × 2^(attempt−1), capped. */
  retryBaseSeconds?: number;
  retryMaxSeconds?: number;
  /** Rows claimed at a time (default 50): smaller batches share work between workers sooner. */
  batchSize?: number;
};

export type DrainResult = { claimed: number; sent: number; retrying: number; failed: number };

class PermanentFailure extends Error {}

/**
 * Claims due notifications under a lease. On PostgreSQL the candidate rows are locked with
 * `FOR UPDATE SKIP LOCKED`, so concurrent workers claim disjoint sets; SQLite has one writer, so
 * the single UPDATE is atomic there. A row whose lease expired (its worker died after claiming) is
 * due again: at-least-once, never lost.
 */
export async function claimDueNotifications(options: OutboxDeliveryOptions, limit = options.batchSize ?? 50): Promise<OutboxRow[]> {
  const { db, capabilities } = options.database;
  const now = options.clock.now();
  const nowText = now.toISOString();
  const leaseUntil = new Date(now.getTime() + (options.leaseSeconds ?? 300) * 1000).toISOString();
  let candidates = db
    .selectFrom('outbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', nowText)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', nowText)]),
      ]),
    )
    .$if(options.email === null, (q) => q.where('channel', '<>', 'email'))
    .orderBy('next_attempt_at')
    .limit(limit);
  if (capabilities.skipLocked) candidates = candidates.forUpdate().skipLocked();
  return db
    .updateTable('outbox')
    .set((eb) => ({ status: 'sending', lease_owner: options.workerId, lease_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', candidates)
    .returningAll()
    .execute();
}

/** Delivers rows this worker claimed, recording each outcome only while it still holds the lease. */
export async function deliverClaimed(options: OutboxDeliveryOptions, rows: readonly OutboxRow[]): Promise<DrainResult> {
  const result: DrainResult = { claimed: rows.length, sent: 0, retrying: 0, failed: 0 };
  for (const row of rows) {
    try {
      await deliverOne(options, row);
      await settle(options, row, { status: 'sent' });
      result.sent += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentFailure || row.attempts >= row.max_attempts;
      if (permanent) {
        await settle(options, row, { status: 'failed', error: message });
        result.failed += 1;
      } else {
        await settle(options, row, { status: 'pending', error: message });
        result.retrying += 1;
      }
    }
  }
  return result;
}

/** Claims and delivers until nothing is due (or `maxBatches` ran). */
export async function drainOutbox(options: OutboxDeliveryOptions, maxBatches = 20): Promise<DrainResult> {
  const total: DrainResult = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const rows = await claimDueNotifications(options);
    if (rows.length === 0) break;
    const done = await deliverClaimed(options, rows);
    for (const key of Object.keys(total) as (keyof DrainResult)[]) total[key] += done[key];
  }
  return total;
}

async function deliverOne(options: OutboxDeliveryOptions, row: OutboxRow): Promise<void> {
  if (row.channel === 'email') {
    if (!options.email) throw new Error('no SMTP settings (WARD_SMTP_URL)');
    await options.email.send({ to: row.recipient, subject: row.subject ?? '', text: row.body, messageId: `<${row.id}@outbox.ward>` });
    return;
  }
  if (row.channel !== 'webhook' || row.webhook_id === null) throw new PermanentFailure(`unknown channel ${row.channel}`);
  const webhook = await options.database.db.selectFrom('webhooks').selectAll().where('id', '=', row.webhook_id).executeTakeFirst();
  if (!webhook || webhook.disabled_at !== null) throw new PermanentFailure('the webhook was removed or disabled');
  if (!options.secretKey) throw new Error('WARD_SECRET_KEY is not set: cannot sign webhooks');
  const secret = openSecret(options.secretKey, webhook.secret_ciphertext);
  const timestamp = Math.floor(options.clock.now().getTime() / 1000);
  const response = await (options.postWebhook ?? fetchWebhookPoster)({
    url: webhook.url,
    body: row.body,
    headers: {
      'content-type': 'application/json',
      [webhookHeaders.timestamp]: String(timestamp),
      [webhookHeaders.signature]: signWebhook(secret, timestamp, row.body),
      // Receivers de-duplicate on this: a delivery retried after a crash carries the same id.
      [webhookHeaders.delivery]: row.id,
      [webhookHeaders.event]: row.event,
    },
  });
  if (response.status >= 200 && response.status < 300) return;
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  const message = `webhook answered HTTP ${response.status}`;
  throw retryable ? new Error(message) : new PermanentFailure(message);
}

type Outcome = { status: 'sent' } | { status: 'pending' | 'failed'; error: string };

async function settle(options: OutboxDeliveryOptions, row: OutboxRow, outcome: Outcome): Promise<void> {
  const now = options.clock.now();
  const base = options.retryBaseSeconds ?? 30;
  const cap = options.retryMaxSeconds ?? 3600;
  const delaySeconds = Math.min(cap, base * 2 ** Math.max(0, row.attempts - 1));
  await options.database.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('outbox')
      .set({
        status: outcome.status,
        lease_owner: null,
        lease_until: null,
        ...(outcome.status === 'sent' ? { sent_at: now.toISOString(), last_error: null } : { last_error: outcome.error.slice(0, 1000) }),
        ...(outcome.status === 'pending' ? { next_attempt_at: new Date(now.getTime() + delaySeconds * 1000).toISOString() } : {}),
        ...(outcome.status === 'failed' ? { failed_at: now.toISOString() } : {}),
      })
      // Only while the lease is still ours: a worker that overran its lease records nothing.
      .where('id', '=', row.id)
      .where('status', '=', 'sending')
      .where('lease_owner', '=', options.workerId)
      .executeTakeFirst();
    if (outcome.status === 'failed' && Number(updated.numUpdatedRows) > 0) {
      await appendAudit(trx, options.database.capabilities, systemActor('worker'), {
        action: 'notification.failed',
        objectType: 'notification',
        objectId: row.id,
        organisationId: row.organisation_id,
        details: { channel: row.channel, event: row.event, recipient: row.recipient, attempts: row.attempts, error: outcome.error.slice(0, 300) },
      }, now);
    }
  });
}
