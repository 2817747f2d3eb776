import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';

/**
 * Counts one failed sign-in step (wrong password or wrong authenticator code) and locks the account
 * after `lockoutThreshold` in a row. Both steps share the counter, so knowing the password does not
 * buy unlimited guesses at the code.
 */
export async function recordFailedSignIn(
  context: ServiceContext,
  user: { id: string; email: string; organisation_id: string | null; locked_until: string | null },
  input: { sourceIp?: string | null | undefined; step: 'password' | 'totp' },
): Promise<void> {
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  const actor: Actor = { principal: { type: 'user', userId: user.id, label: user.email, role: 'org-member', organisationId: user.organisation_id, assignedOrganisationIds: [] }, sourceIp: input.sourceIp ?? null };
  const lockExpired = user.locked_until !== null && user.locked_until <= now.toISOString();
  const lockedUntil = new Date(now.getTime() + context.security.lockoutMinutes * 60_000).toISOString();
  await db.transaction().execute(async (trx) => {
    if (lockExpired) await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    const updated = await trx
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', user.id)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    const locks = updated.failed_logins >= context.security.lockoutThreshold;
    if (locks) await trx.updateTable('users').set({ locked_until: lockedUntil }).where('id', '=', user.id).execute();
    await appendAudit(trx, capabilities, actor, {
      action: locks ? 'user.locked' : 'user.sign-in-failed',
      objectType: 'user',
      objectId: user.id,
      organisationId: user.organisation_id,
      details: { failedAttempts: updated.failed_logins, step: input.step, ...(locks ? { lockedUntil } : {}) },
    }, now);
  });
}

/** The refusal while an account is locked: the password or code is not even checked. */
export function lockedMessage(lockedUntil: string): string {
  return `This account is locked after too many failed sign-ins; try again after ${lockedUntil} or ask a national admin to unlock it`;
}
