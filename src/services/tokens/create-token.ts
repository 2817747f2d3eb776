import { authorize } from '../../core/authorization.js';
import { invalidInput } from '../../core/errors.js';
import { principalId, type Actor } from '../../core/principal.js';
import { tokenCapabilities, type TokenCapability } from '../../core/roles.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { hashSecret, newId, newSecret } from '../ids.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { formatToken, type ApiToken } from './api-token.js';

export type CreateTokenInput = { name: string; capabilities: string[]; expiresInDays?: number | null };

const maxLifetimeDays = 366;

/** Creates an organisation-scoped API token; the returned `token` is the only time the secret exists in clear. */
export async function createToken(
  context: ServiceContext,
  actor: Actor,
  odsCode: string,
  input: CreateTokenInput,
): Promise<ApiToken & { token: string }> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'token:create', organisation.id);
  const name = input.name.trim();
  if (name === '' || name.length > 100) throw invalidInput('A token needs a name of 1 to 100 characters', { name: 'required' });
  const unknown = input.capabilities.filter((c) => !(tokenCapabilities as readonly string[]).includes(c));
  if (input.capabilities.length === 0 || unknown.length > 0) {
    throw invalidInput(`Capabilities must be some of: ${tokenCapabilities.join(', ')}`, { capabilities: unknown.length ? `unknown: ${unknown.join(', ')}` : 'required' });
  }
  const days = input.expiresInDays ?? 90;
  if (!Number.isInteger(days) || days < 1 || days > maxLifetimeDays) throw invalidInput(`Expiry must be 1 to ${maxLifetimeDays} days`, { expiresInDays: 'out-of-range' });

  const now = context.clock.now();
  const capabilities = [...new Set(input.capabilities)] as TokenCapability[];
  const id = newId();
  const secret = newSecret();
  const token: ApiToken = {
    id,
    organisationId: organisation.id,
    name,
    capabilities,
    createdBy: principalId(actor.principal) ?? actor.principal.label,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(),
    revokedAt: null,
    lastUsedAt: null,
  };
  const { db, capabilities: engine } = context.database;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({ id, organisation_id: organisation.id, name, secret_hash: hashSecret(secret), capabilities: JSON.stringify(capabilities), created_by: token.createdBy, created_at: token.createdAt, expires_at: token.expiresAt, revoked_at: null, last_used_at: null })
      .execute();
    await appendAudit(trx, engine, actor, { action: 'token.created', objectType: 'api_token', objectId: id, organisationId: organisation.id, details: { name, capabilities, expiresAt: token.expiresAt } }, now);
  });
  return { ...token, token: formatToken(id, secret) };
}
