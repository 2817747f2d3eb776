import type { Transaction } from 'kysely';
import { authorize } from '../../core/authorization.js';
import { invalidInput } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { normaliseOdsCode } from '../../core/organisation.js';
import type { Database } from '../../storage/schema.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { hashSecret, newId, newSecret } from '../ids.js';
import { enqueueNotifications, type Notification } from '../outbox/notification.js';
import { messageChannels, type MessageChannel } from '../readiness/contact-view.js';
import { actorLabel, requiredText } from '../readiness/readiness-input.js';
import { drillNotification, drillOutboxKey } from './drill-notices.js';

export type StartDrillInput = {
  title: string;
  /** A subset of organisations by ODS code; empty or absent: every organisation. */
  odsCodes?: string[];
  /** Narrows the target to organisations of one region and/or kind (with or without `odsCodes`). */
  region?: string;
  kind?: string;
  /** How long contacts have to acknowledge; links expire at its end. */
  windowHours: number;
  /** The channels to send on (each contact is messaged on those of them it has); absent: every channel. */
  channels?: MessageChannel[];
  /** Where Ward is reached from outside (WARD_PUBLIC_URL): the links point there. */
  publicUrl: string;
  reference?: string;
};

export type StartedDrill = { reference: string; title: string; startedAt: string; windowEndsAt: string; organisations: number; messages: number; withoutContacts: string[] };

/** The address of the public acknowledgement route for one token. */
export const acknowledgeUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/api/v1/drill-acknowledgements/${token}`;

/**
 * Starts a communication drill: every contact of every target organisation is sent a message on
 * every channel it has (e-mail, out-of-band e-mail, webhook), each with its own one-time link. The
 * drill, its messages (only the SHA-256 of each token is kept) and the outbox rows are written in
 * one transaction with the audit entry; `ward worker` delivers them.
 */
export async function startDrill(context: ServiceContext, actor: Actor, input: StartDrillInput): Promise<StartedDrill> {
  authorize(actor.principal, 'drill:run');
  const title = requiredText(input.title, 'title', 300);
  if (!Number.isFinite(input.windowHours) || input.windowHours <= 0 || input.windowHours > 24 * 14) throw invalidInput('windowHours must be between 0 and 336 (two weeks)', { windowHours: 'out-of-range' });
  if (!URL.canParse(input.publicUrl)) throw invalidInput('The public URL (WARD_PUBLIC_URL) is not a URL', { publicUrl: 'malformed' });
  const wanted = new Set<MessageChannel>(input.channels ?? messageChannels);
  if (wanted.size === 0 || [...wanted].some((c) => !messageChannels.includes(c))) throw invalidInput(`channels must be some of ${messageChannels.join(', ')}`, { channels: 'none' });
  const codes = (input.odsCodes ?? []).map(normaliseOdsCode);
  const { db, capabilities } = context.database;
  const region = input.region?.trim() || undefined;
  const kind = input.kind?.trim() || undefined;
  const matching = await db.selectFrom('organisations').select(['id', 'ods_code', 'name', 'region', 'kind']).$if(codes.length > 0, (q) => q.where('ods_code', 'in', codes)).orderBy('ods_code').execute();
  const unknown = codes.filter((code) => !matching.some((o) => o.ods_code === code));
  if (unknown.length > 0) throw invalidInput(`Unknown organisations: ${unknown.join(', ')}`, { odsCodes: 'unknown' });
  const organisations = matching.filter((o) => (region === undefined || o.region === region) && (kind === undefined || o.kind === kind));
  if (organisations.length === 0) throw invalidInput('There is no organisation to drill', { [region !== undefined || kind !== undefined ? 'region' : 'odsCodes']: 'no-match' });

  const now = context.clock.now();
  const nowText = now.toISOString();
  const windowEndsAt = new Date(now.getTime() + input.windowHours * 3_600_000).toISOString();
  const drillId = newId();
  return db.transaction().execute(async (trx) => {
    const reference = input.reference?.trim().toUpperCase() || (await nextReference(trx, now));
    const contacts = await trx
      .selectFrom('readiness_contacts')
      .leftJoin('webhooks', 'webhooks.id', 'readiness_contacts.webhook_id')
      .select(['readiness_contacts.id', 'readiness_contacts.organisation_id', 'readiness_contacts.name', 'readiness_contacts.role', 'readiness_contacts.email', 'readiness_contacts.alt_email', 'webhooks.id as webhook_id', 'webhooks.url as webhook_url', 'webhooks.disabled_at'])
      .where('readiness_contacts.removed_at', 'is', null)
      .where('readiness_contacts.organisation_id', 'in', organisations.map((o) => o.id))
      .orderBy('readiness_contacts.name')
      .execute();
    await trx.insertInto('drills').values({ id: drillId, reference, title, target: JSON.stringify({ odsCodes: codes, all: codes.length === 0 && region === undefined && kind === undefined, channels: [...wanted], ...(region !== undefined ? { region } : {}), ...(kind !== undefined ? { kind } : {}) }), started_by: actorLabel(actor), started_at: nowText, window_ends_at: windowEndsAt, closed_at: null }).execute();
    const notifications: Notification[] = [];
    const withoutContacts: string[] = [];
    for (const organisation of organisations) {
      let messages = 0;
      for (const contact of contacts.filter((c) => c.organisation_id === organisation.id)) {
        const channels: [MessageChannel, string | { webhookId: string; url: string }][] = [];
        if (contact.email && wanted.has('email')) channels.push(['email', contact.email]);
        if (contact.alt_email && wanted.has('alt-email')) channels.push(['alt-email', contact.alt_email]);
        if (wanted.has('webhook') && contact.webhook_id && contact.webhook_url && contact.disabled_at === null) channels.push(['webhook', { webhookId: contact.webhook_id, url: contact.webhook_url }]);
        for (const [channel, to] of channels) {
          const token = newSecret();
          const messageId = newId();
          await trx.insertInto('drill_messages').values({
            id: messageId, organisation_id: organisation.id, drill_id: drillId, contact_id: contact.id, channel, recipient: typeof to === 'string' ? to : to.url,
            token_hash: hashSecret(token), outbox_key: drillOutboxKey(drillId, messageId), created_at: nowText, expires_at: windowEndsAt, acknowledged_at: null, acknowledged_by: null, acknowledged_ip: null,
          }).execute();
          notifications.push(drillNotification({
            drill: { id: drillId, reference, title, windowEndsAt }, organisation: { id: organisation.id, odsCode: organisation.ods_code, name: organisation.name },
            contact: { name: contact.name, role: contact.role }, messageId, channel, to, acknowledgeUrl: acknowledgeUrl(input.publicUrl, token),
          }));
          messages += 1;
        }
      }
      if (messages === 0) withoutContacts.push(organisation.ods_code);
      await trx.insertInto('drill_organisations').values({ organisation_id: organisation.id, drill_id: drillId, messages, first_acknowledged_at: null, flagged_at: null }).execute();
    }
    await enqueueNotifications(trx, notifications, now);
    await appendAudit(trx, capabilities, actor, {
      action: 'drill.started', objectType: 'drill', objectId: drillId, organisationId: null,
      details: { reference, title, windowEndsAt, organisations: organisations.length, messages: notifications.length, withoutContacts },
    }, now);
    return { reference, title, startedAt: nowText, windowEndsAt, organisations: organisations.length, messages: notifications.length, withoutContacts };
  });
}

/** DR-<year>-NNNN, the next free number of the year (the unique reference guards two starts at once). */
async function nextReference(trx: Transaction<Database>, now: Date): Promise<string> {
  const prefix = `DR-${now.getUTCFullYear()}-`;
  const rows = await trx.selectFrom('drills').select('reference').where('reference', 'like', `${prefix}%`).execute();
  const highest = Math.max(0, ...rows.map((r) => Number(r.reference.slice(prefix.length))).filter(Number.isFinite));
  return `${prefix}${String(highest + 1).padStart(4, '0')}`;
}
