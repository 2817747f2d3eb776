import { WardError } from '../../core/errors.js';
import type { Actor, Principal } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { hashSecret, newId, newSecret } from '../ids.js';
import { verifyAgainstNothing, verifyPassword } from '../users/password-hashing.js';
import { normaliseEmail } from '../users/user.js';
import { loadUserPrincipal } from './user-principal.js';

export type StartedSession = { token: string; expiresAt: string; principal: Principal };

const wrongCredentials = () => new WardError('UNAUTHENTICATED', 'Wrong e-mail address or password');

/**
 * Password sign-in. After `lockoutThreshold` consecutive failures the account is locked for
 * `lockoutMinutes`; while locked the password is not even checked, so guessing gains nothing.
 */
export async function startSession(
  context: ServiceContext,
  input: { email: string; password: string; sourceIp?: string | null },
): Promise<StartedSession> {
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  const user = await db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(input.email)).executeTakeFirst();
  if (!user || user.disabled_at !== null) {
    await verifyAgainstNothing(input.password);
    throw wrongCredentials();
  }
  const actor: Actor = { principal: { type: 'user', userId: user.id, label: user.email, role: 'org-member', organisationId: user.organisation_id, assignedOrganisationIds: [] }, sourceIp: input.sourceIp ?? null };
  const lockExpired = user.locked_until !== null && user.locked_until <= now.toISOString();
  if (user.locked_until !== null && !lockExpired) {
    throw new WardError('ACCOUNT_LOCKED', `This account is locked after too many failed sign-ins; try again after ${user.locked_until} or ask a national admin to unlock it`, { lockedUntil: user.locked_until });
  }

  if (!(await verifyPassword(user.password_hash, input.password))) {
    const { threshold, lockedUntil } = { threshold: context.security.lockoutThreshold, lockedUntil: new Date(now.getTime() + context.security.lockoutMinutes * 60_000).toISOString() };
    await db.transaction().execute(async (trx) => {
      if (lockExpired) await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
      const updated = await trx
        .updateTable('users')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', user.id)
        .returning('failed_logins')
        .executeTakeFirstOrThrow();
      const locks = updated.failed_logins >= threshold;
      if (locks) await trx.updateTable('users').set({ locked_until: lockedUntil }).where('id', '=', user.id).execute();
      await appendAudit(trx, capabilities, actor, {
        action: locks ? 'user.locked' : 'user.sign-in-failed',
        objectType: 'user',
        objectId: user.id,
        organisationId: user.organisation_id,
        details: { failedAttempts: updated.failed_logins, ...(locks ? { lockedUntil } : {}) },
      }, now);
    });
    throw wrongCredentials();
  }

  const principal = await loadUserPrincipal(context, user.id);
  if (!principal) throw wrongCredentials();
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + context.security.sessionAbsoluteHours * 3_600_000).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    const id = newId();
    await trx.insertInto('sessions').values({ id, token_hash: hashSecret(token), user_id: user.id, created_at: now.toISOString(), expires_at: expiresAt, last_seen_at: now.toISOString(), revoked_at: null }).execute();
    await appendAudit(trx, capabilities, { principal, sourceIp: input.sourceIp ?? null }, { action: 'session.started', objectType: 'session', objectId: id, organisationId: user.organisation_id }, now);
  });
  return { token, expiresAt, principal };
}
