import type { Transaction } from 'kysely';
import { authorize } from '../../core/authorization.js';
import { WardError } from '../../core/errors.js';
import { systemActor, type Actor } from '../../core/principal.js';
import type { Database } from '../../storage/schema.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { findDrill } from './drill-records.js';

export type ClosedDrill = { reference: string; closedAt: string; flagged: string[] };

/**
 * Closes a drill (its links stop working) and flags every organisation that acknowledged on no
 * channel. Only a drill still open is closed, so two closers (the scheduler on two workers) flag once.
 */
async function closeInTransaction(trx: Transaction<Database>, context: ServiceContext, actor: Actor, drill: { id: string; reference: string }, now: Date): Promise<ClosedDrill | null> {
  const nowText = now.toISOString();
  const closed = await trx.updateTable('drills').set({ closed_at: nowText }).where('id', '=', drill.id).where('closed_at', 'is', null).executeTakeFirst();
  if (Number(closed.numUpdatedRows) === 0) return null;
  const silent = await trx
    .selectFrom('drill_organisations')
    .innerJoin('organisations', 'organisations.id', 'drill_organisations.organisation_id')
    .select(['drill_organisations.organisation_id', 'organisations.ods_code'])
    .where('drill_organisations.drill_id', '=', drill.id)
    .where('drill_organisations.first_acknowledged_at', 'is', null)
    .orderBy('organisations.ods_code')
    .execute();
  if (silent.length > 0) {
    await trx.updateTable('drill_organisations').set({ flagged_at: nowText }).where('drill_id', '=', drill.id).where('first_acknowledged_at', 'is', null).execute();
  }
  const flagged = silent.map((s) => s.ods_code);
  await appendAudit(trx, context.database.capabilities, actor, { action: 'drill.closed', objectType: 'drill', objectId: drill.id, organisationId: null, details: { reference: drill.reference, flagged } }, now);
  return { reference: drill.reference, closedAt: nowText, flagged };
}

/** A national admin ends a drill now (before its window ends, or to settle it after). */
export async function closeDrill(context: ServiceContext, actor: Actor, reference: string): Promise<ClosedDrill> {
  authorize(actor.principal, 'drill:run');
  const drill = await findDrill(context.database.db, reference);
  const result = await context.database.db.transaction().execute((trx) => closeInTransaction(trx, context, actor, drill, context.clock.now()));
  if (!result) throw new WardError('CONFLICT', `Drill ${drill.reference} is already closed`);
  return result;
}

/** Scheduler task: closes every drill whose window has passed, flagging the organisations not reached. */
export async function closeEndedDrills(context: ServiceContext): Promise<{ closed: ClosedDrill[] }> {
  const now = context.clock.now();
  const due = await context.database.db.selectFrom('drills').select(['id', 'reference']).where('closed_at', 'is', null).where('window_ends_at', '<=', now.toISOString()).execute();
  const closed: ClosedDrill[] = [];
  for (const drill of due) {
    const result = await context.database.db.transaction().execute((trx) => closeInTransaction(trx, context, systemActor('scheduler'), drill, now));
    if (result) closed.push(result);
  }
  return { closed };
}
