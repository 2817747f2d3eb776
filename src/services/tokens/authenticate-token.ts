import { timingSafeEqual } from 'node:crypto';
import { WardError } from '../../core/errors.js';
import type { Principal } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { hashSecret } from '../ids.js';
import { parseCapabilities, splitToken } from './api-token.js';

const touchIntervalMs = 60_000;

/**
 * The principal of a bearer token; null for anything malformed or unknown. A genuine token that was
 * revoked or has expired gets its own message, since only its holder can present the secret.
 */
export async function authenticateToken(context: ServiceContext, raw: string): Promise<Principal | null> {
  const parts = splitToken(raw);
  if (!parts) return null;
  const { db } = context.database;
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', parts.id).executeTakeFirst();
  if (!row) return null;
  const presented = Buffer.from(hashSecret(parts.secret), 'hex');
  const stored = Buffer.from(row.secret_hash, 'hex');
  if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) return null;
  const now = context.clock.now();
  if (row.revoked_at !== null) throw new WardError('UNAUTHENTICATED', `This API token was revoked on ${row.revoked_at}`);
  if (row.expires_at !== null && row.expires_at <= now.toISOString()) throw new WardError('UNAUTHENTICATED', `This API token expired on ${row.expires_at}`);
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > touchIntervalMs) {
    await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { type: 'token', tokenId: row.id, label: `token:${row.name}`, organisationId: row.organisation_id, capabilities: parseCapabilities(row.capabilities) };
}
