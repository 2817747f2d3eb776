import { WardError } from '../../core/errors.js';
import type { Principal } from '../../core/principal.js';
import { nationalRoles, type Role } from '../../core/roles.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { verifyAgainstNothing, verifyPassword } from '../users/password-hashing.js';
import { normaliseEmail } from '../users/user.js';
import { createSession, type SessionStage } from './create-session.js';
import { lockedMessage, recordFailedSignIn } from './record-failed-sign-in.js';
import { loadUserPrincipal } from './user-principal.js';

export type StartedSession = { sessionId: string; token: string; expiresAt: string; principal: Principal; stage: SessionStage };

const wrongCredentials = () => new WardError('UNAUTHENTICATED', 'Wrong e-mail address or password');

/** Whether a user of this role must have a second factor before doing anything else. */
export function secondFactorRequired(context: ServiceContext, role: Role): boolean {
  return context.security.nationalTotpRequired && nationalRoles.includes(role);
}

/**
 * Password sign-in. After `lockoutThreshold` consecutive failures the account is locked for
 * `lockoutMinutes`; while locked the password is not even checked, so guessing gains nothing.
 *
 * A user with an authenticator gets a 'totp-pending' session that only `completeTotpSignIn` can turn
 * into a full one. A user who must have one and has none gets a 'totp-enrol' session. The failure
 * counter is reset only when the sign-in is complete.
 */
export async function startSession(
  context: ServiceContext,
  input: { email: string; password: string; sourceIp?: string | null },
): Promise<StartedSession> {
  const { db } = context.database;
  const now = context.clock.now();
  const user = await db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(input.email)).executeTakeFirst();
  if (!user || user.disabled_at !== null) {
    await verifyAgainstNothing(input.password);
    throw wrongCredentials();
  }
  if (user.locked_until !== null && user.locked_until > now.toISOString()) {
    throw new WardError('ACCOUNT_LOCKED', lockedMessage(user.locked_until), { lockedUntil: user.locked_until });
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    await recordFailedSignIn(context, user, { sourceIp: input.sourceIp, step: 'password' });
    throw wrongCredentials();
  }

  return openSession(context, user, { method: 'password', sourceIp: input.sourceIp ?? null });
}

/**
 * After the first factor (a password, or an identity provider's ID token): a full session, or a
 * half one when an authenticator code is still due or must first be set up.
 */
export async function openSession(
  context: ServiceContext,
  user: { id: string; organisation_id: string | null },
  input: { method: 'password' | 'oidc'; sourceIp: string | null },
): Promise<StartedSession> {
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  const principal = await loadUserPrincipal(context, user.id);
  if (principal?.type !== 'user') throw wrongCredentials();
  const totp = await db.selectFrom('user_totp').select('confirmed_at').where('user_id', '=', user.id).executeTakeFirst();
  const stage: SessionStage = totp?.confirmed_at ? 'totp-pending' : secondFactorRequired(context, principal.role) ? 'totp-enrol' : 'full';
  const session = await db.transaction().execute(async (trx) => {
    if (stage !== 'totp-pending') await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    const created = await createSession(trx, context, user.id, stage, now);
    await appendAudit(trx, capabilities, { principal, sourceIp: input.sourceIp }, {
      action: stage === 'totp-pending' ? 'session.first-factor-accepted' : 'session.started',
      objectType: 'session',
      objectId: created.id,
      organisationId: user.organisation_id,
      details: { method: input.method, stage },
    }, now);
    return created;
  });
  return { sessionId: session.id, token: session.token, expiresAt: session.expiresAt, principal, stage };
}
