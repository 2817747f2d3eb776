import { authorize } from '../../core/authorization.js';
import { invalidInput } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId, newSecret } from '../ids.js';
import { requireSecretKey, sealSecret } from '../outbox/secret-box.js';
import { contactView, type ContactView } from './contact-view.js';
import { actorLabel, emailAddress, organisationFor, requiredText } from './readiness-input.js';

export type AddContactInput = {
  /** Null: one of the national team's contacts. */
  odsCode: string | null;
  name: string;
  role: string;
  email?: string | null;
  /** A second address outside the organisation's own mail system: it must be on another domain. */
  altEmail?: string | null;
  phone?: string | null;
  webhookUrl?: string | null;
  /** WARD_SECRET_KEY: needed only with a webhook, whose signing secret is sealed under it. */
  secretKey?: Buffer | null;
};

export type AddedContact = ContactView & { webhookSecret: string | null };

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/**
 * Adds a named emergency contact with its channels. A webhook channel becomes a `webhooks` row of
 * purpose `contact` (signed and delivered like alert webhooks, but told about drills only); its
 * signing secret is returned once.
 */
export async function addContact(context: ServiceContext, actor: Actor, input: AddContactInput): Promise<AddedContact> {
  const organisation = input.odsCode ? await organisationFor(context, actor, 'readiness:manage', input.odsCode) : null;
  if (!organisation) authorize(actor.principal, 'readiness:manage-national');
  const name = requiredText(input.name, 'name', 200);
  const role = requiredText(input.role, 'role', 200);
  const email = input.email ? emailAddress(input.email, 'email') : null;
  const altEmail = input.altEmail ? emailAddress(input.altEmail, 'altEmail') : null;
  const phone = input.phone ? input.phone.trim() : null;
  if (phone !== null && !/^\+?[0-9 ()-]{6,25}$/.test(phone)) throw invalidInput(`phone "${phone.slice(0, 30)}" is not a telephone number`, { phone: 'malformed' });
  if (email && altEmail && domainOf(email) === domainOf(altEmail)) {
    throw invalidInput('The out-of-band e-mail must be outside the primary mail system (another domain)', { altEmail: 'same-domain' });
  }
  let webhook: { url: string; secret: string; sealed: string } | null = null;
  if (input.webhookUrl) {
    const url = URL.canParse(input.webhookUrl) ? new URL(input.webhookUrl) : null;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw invalidInput('webhookUrl must be an http:// or https:// URL', { webhookUrl: 'malformed' });
    const secret = newSecret();
    webhook = { url: url.href, secret, sealed: sealSecret(requireSecretKey(input.secretKey ?? null), secret) };
  }
  if (!email && !altEmail && !phone && !webhook) throw invalidInput('A contact needs at least one channel: email, altEmail, phone or webhookUrl', { channels: 'missing' });

  const id = newId();
  const webhookId = webhook ? newId() : null;
  const now = context.clock.now();
  const nowText = now.toISOString();
  const row = { id, organisation_id: organisation?.id ?? null, name, role, email, alt_email: altEmail, phone, webhook_id: webhookId, created_at: nowText, updated_at: nowText, removed_at: null };
  await context.database.db.transaction().execute(async (trx) => {
    if (webhook && webhookId) {
      await trx
        .insertInto('webhooks')
        .values({ id: webhookId, organisation_id: organisation?.id ?? null, name: `contact ${name}`, url: webhook.url, secret_ciphertext: webhook.sealed, created_by: actorLabel(actor), created_at: nowText, disabled_at: null, purpose: 'contact' })
        .execute();
    }
    await trx.insertInto('readiness_contacts').values(row).execute();
    await appendAudit(trx, context.database.capabilities, actor, {
      action: 'contact.added', objectType: 'contact', objectId: id, organisationId: organisation?.id ?? null,
      details: { name, role, channels: { email: email !== null, altEmail: altEmail !== null, phone: phone !== null, webhook: webhook?.url ?? null } },
    }, now);
  });
  return { ...contactView(row, organisation?.odsCode ?? null, webhook?.url ?? null), webhookSecret: webhook?.secret ?? null };
}
