import { WardError } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { createSession } from '../sessions/create-session.js';
import { acceptTotpCode } from './accept-totp-code.js';
import { checkOwnAccount } from './begin-totp-enrolment.js';
import { totpKey } from './totp-key.js';

/**
 * Confirms an authenticator with a code from it. When called from a set-up-only session (a
 * national user who had no second factor), that session is replaced by a full one: the user has
 * now given both the password and a code.
 */
export async function confirmTotpEnrolment(
  context: ServiceContext,
  actor: Actor,
  input: { userId: string; code: string; sessionId?: string | null },
): Promise<{ session: { token: string; expiresAt: string } | null }> {
  checkOwnAccount(actor, input.userId);
  const key = totpKey(context);
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  return db.transaction().execute(async (trx) => {
    const pending = await trx.selectFrom('user_totp').innerJoin('users', 'users.id', 'user_totp.user_id').select(['user_totp.confirmed_at', 'users.organisation_id']).where('user_id', '=', input.userId).executeTakeFirst();
    if (!pending) throw new WardError('NOT_FOUND', 'No authenticator set-up was started for this account');
    if (pending.confirmed_at) throw new WardError('CONFLICT', 'The authenticator is already confirmed');
    if (!(await acceptTotpCode(trx, key, input.userId, input.code, now))) {
      throw new WardError('INVALID_INPUT', 'The code is not right: check the time on your device and type the code your app shows now', { fields: { code: 'wrong' } });
    }
    await trx.updateTable('user_totp').set({ confirmed_at: now.toISOString() }).where('user_id', '=', input.userId).execute();
    await appendAudit(trx, capabilities, actor, { action: 'user.totp-enabled', objectType: 'user', objectId: input.userId, organisationId: pending.organisation_id }, now);
    if (!input.sessionId) return { session: null };
    const upgraded = await trx
      .updateTable('sessions')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', input.sessionId)
      .where('user_id', '=', input.userId)
      .where('stage', '=', 'totp-enrol')
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(upgraded.numUpdatedRows) !== 1) return { session: null };
    const session = await createSession(trx, context, input.userId, 'full', now);
    await appendAudit(trx, capabilities, actor, { action: 'session.started', objectType: 'session', objectId: session.id, organisationId: pending.organisation_id, details: { method: 'password+totp-enrolment', stage: 'full' } }, now);
    return { session: { token: session.token, expiresAt: session.expiresAt } };
  });
}
