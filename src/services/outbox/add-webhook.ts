import { authorize } from '../../core/authorization.js';
import { invalidInput } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { principalId } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId, newSecret } from '../ids.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { requireSecretKey, sealSecret } from './secret-box.js';

export type AddWebhookInput = { url: string; name?: string; odsCode?: string | null; secret?: string; secretKey: Buffer | null };
export type AddedWebhook = { id: string; url: string; name: string; odsCode: string | null; secret: string };

/**
 * Registers a URL told about alert events (an organisation's, or national when no organisation is
 * given). The signing secret is returned once and stored sealed under WARD_SECRET_KEY.
 */
export async function addWebhook(context: ServiceContext, actor: Actor, input: AddWebhookInput): Promise<AddedWebhook> {
  authorize(actor.principal, 'webhook:manage');
  const key = requireSecretKey(input.secretKey);
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw invalidInput(`"${input.url.slice(0, 80)}" is not a URL`, { url: 'malformed' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidInput('A webhook URL must be http:// or https://', { url: 'scheme' });
  const secret = input.secret ?? newSecret();
  if (secret.length < 16) throw invalidInput('A webhook secret needs at least 16 characters', { secret: 'too-short' });
  const organisation = input.odsCode ? await findOrganisation(context, input.odsCode) : null;
  const id = newId();
  const name = input.name?.trim() || url.host;
  const now = context.clock.now();
  const { db, capabilities } = context.database;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhooks')
      .values({ id, organisation_id: organisation?.id ?? null, name, url: url.href, secret_ciphertext: sealSecret(key, secret), created_by: principalId(actor.principal) ?? actor.principal.label, created_at: now.toISOString(), disabled_at: null })
      .execute();
    await appendAudit(trx, capabilities, actor, { action: 'webhook.created', objectType: 'webhook', objectId: id, organisationId: organisation?.id ?? null, details: { url: url.href, name } }, now);
  });
  return { id, url: url.href, name, odsCode: organisation?.odsCode ?? null, secret };
}
