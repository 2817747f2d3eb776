import { WardError } from '../../core/errors.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { hashSecret } from '../ids.js';
import { acceptTotpCode } from '../second-factor/accept-totp-code.js';
import { totpKey } from '../second-factor/totp-key.js';
import { createSession } from './create-session.js';
import { lockedMessage, recordFailedSignIn } from './record-failed-sign-in.js';
import type { StartedSession } from './start-session.js';
import { loadUserPrincipal } from './user-principal.js';

/**
 * The second sign-in step: the half-signed-in session (password accepted) and a code from the
 * user's authenticator. On success the half session is revoked and a new full one is issued
 * (session rotation); a wrong code counts towards the lock-out like a wrong password.
 */
export async function completeTotpSignIn(context: ServiceContext, input: { token: string; code: string; sourceIp?: string | null }): Promise<StartedSession> {
  const { db, capabilities } = context.database;
  const expired = () => new WardError('INVALID_INPUT', 'This sign-in has expired: sign in again with your password', { fields: { session: 'expired' } });
  const now = context.clock.now();
  const pending = await db.selectFrom('sessions').selectAll().where('token_hash', '=', hashSecret(input.token)).executeTakeFirst();
  if (!pending || pending.stage !== 'totp-pending' || pending.revoked_at !== null || pending.expires_at <= now.toISOString()) {
    throw expired();
  }
  const user = await db.selectFrom('users').selectAll().where('id', '=', pending.user_id).executeTakeFirstOrThrow();
  if (user.locked_until !== null && user.locked_until > now.toISOString()) {
    throw new WardError('ACCOUNT_LOCKED', lockedMessage(user.locked_until), { lockedUntil: user.locked_until });
  }
  const principal = await loadUserPrincipal(context, user.id);
  if (!principal) throw expired();
  const key = totpKey(context);
  const session = await db.transaction().execute(async (trx) => {
    if (!(await acceptTotpCode(trx, key, user.id, input.code, now))) return null;
    await trx.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('id', '=', pending.id).execute();
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    const created = await createSession(trx, context, user.id, 'full', now);
    await appendAudit(trx, capabilities, { principal, sourceIp: input.sourceIp ?? null }, { action: 'session.started', objectType: 'session', objectId: created.id, organisationId: user.organisation_id, details: { method: 'password+totp', stage: 'full' } }, now);
    return created;
  });
  if (!session) {
    await recordFailedSignIn(context, user, { sourceIp: input.sourceIp, step: 'totp' });
    // 400 rather than 401: the password step did authenticate; this is the code field being wrong.
    throw new WardError('INVALID_INPUT', 'The code is not right, or it was already used: type the code your app shows now', { fields: { code: 'wrong' } });
  }
  return { sessionId: session.id, token: session.token, expiresAt: session.expiresAt, principal, stage: 'full' };
}
