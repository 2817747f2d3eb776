import { authorize } from '../../core/authorization.js';
import { notFound } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';

export async function unlockUser(context: ServiceContext, actor: Actor, userId: string): Promise<void> {
  authorize(actor.principal, 'user:unlock');
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'organisation_id']).where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('User');
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null, updated_at: now.toISOString() }).where('id', '=', userId).execute();
    await appendAudit(trx, capabilities, actor, { action: 'user.unlocked', objectType: 'user', objectId: userId, organisationId: user.organisation_id }, now);
  });
}
