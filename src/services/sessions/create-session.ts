import type { Transaction } from 'kysely';
import type { Database } from '../../storage/schema.js';
import type { ServiceContext } from '../context.js';
import { hashSecret, newId, newSecret } from '../ids.js';

/**
 * 'full': a normal session. 'totp-pending': the password was right and the authenticator code is
 * still due. 'totp-enrol': a user who must have a second factor and has none may only set one up.
 */
export type SessionStage = 'full' | 'totp-pending' | 'totp-enrol';

/** A half-finished sign-in lives only long enough to type a code or scan a QR code. */
const partialSessionMinutes = 10;

/**
 * Writes a new session row and returns its secret (the cookie). The secret is new on every
 * sign-in step, so a session id fixed before sign-in is never the one that ends up signed in.
 */
export async function createSession(
  trx: Transaction<Database>,
  context: ServiceContext,
  userId: string,
  stage: SessionStage,
  now: Date,
): Promise<{ id: string; token: string; expiresAt: string }> {
  const token = newSecret();
  const lifetimeMs = stage === 'full' ? context.security.sessionAbsoluteHours * 3_600_000 : partialSessionMinutes * 60_000;
  const expiresAt = new Date(now.getTime() + lifetimeMs).toISOString();
  const id = newId();
  await trx
    .insertInto('sessions')
    .values({ id, token_hash: hashSecret(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt, last_seen_at: now.toISOString(), revoked_at: null, stage })
    .execute();
  return { id, token, expiresAt };
}
