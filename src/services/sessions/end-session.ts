import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';

/** Signs out one session, or every session of the user ("sign out everywhere"). */
export async function endSession(context: ServiceContext, actor: Actor, sessionId: string, everywhere: boolean): Promise<number> {
  if (actor.principal.type !== 'user') return 0;
  const userId = actor.principal.userId;
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  return db.transaction().execute(async (trx) => {
    const base = trx.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    const result = await (everywhere ? base : base.where('id', '=', sessionId)).executeTakeFirst();
    await appendAudit(trx, capabilities, actor, {
      action: everywhere ? 'session.ended-everywhere' : 'session.ended',
      objectType: 'session',
      objectId: everywhere ? null : sessionId,
      organisationId: actor.principal.type === 'user' ? actor.principal.organisationId : null,
    }, now);
    return Number(result.numUpdatedRows);
  });
}
