import { authorize } from '../../core/authorization.js';
import { notFound } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';

/**
 * Removes a user's authenticator (a lost phone) and ends all their sessions; they set up a new one
 * at their next sign-in. National admins only.
 */
export async function resetTotp(context: ServiceContext, actor: Actor, userId: string): Promise<void> {
  authorize(actor.principal, 'user:reset-second-factor');
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'organisation_id']).where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('User');
    await trx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
    await trx.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    await appendAudit(trx, capabilities, actor, { action: 'user.totp-reset', objectType: 'user', objectId: userId, organisationId: user.organisation_id }, now);
  });
}

/** Whether a user has an authenticator: none, set up but not confirmed, or in use. */
export async function totpStatus(context: ServiceContext, userId: string): Promise<'none' | 'unconfirmed' | 'enabled'> {
  const row = await context.database.db.selectFrom('user_totp').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  return !row ? 'none' : row.confirmed_at ? 'enabled' : 'unconfirmed';
}
