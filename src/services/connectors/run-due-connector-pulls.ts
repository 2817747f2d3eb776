import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../storage/schema.js';
import type { ServiceContext } from '../context.js';
import { pullDefender } from './pull-defender.js';

export type ConnectorPullOutcome = { odsCode: string; kind: string; status: 'completed' | 'failed'; importId?: string; duplicate?: boolean; error?: string };

/**
 * How long a claimed pull keeps other processes off its connector: a process killed mid-pull
 * leaves the connector due again after this (the pull then resumes from its spooled pages).
 */
export const connectorClaimMinutes = 30;

/**
 * Runs every enabled connector whose next pull is due (its interval after the last one), one after
 * another, and reports each outcome; one organisation's failure never stops the others. Called by
 * the pull loop of `ward serve` and by `ward connect run-due` (cron). Each connector is claimed
 * first by moving its next pull forward only if it is still due (one conditional UPDATE), so two
 * processes running at once never pull the same connector twice; the pull then sets the real next
 * time.
 */
export async function runDueConnectorPulls(context: ServiceContext, actor: Actor): Promise<ConnectorPullOutcome[]> {
  authorize(actor.principal, 'connector:run-due');
  const { db } = context.database;
  const now = context.clock.now();
  const nowText = now.toISOString();
  const isDue = (eb: ExpressionBuilder<Database, 'connectors'>) => eb.or([eb('next_pull_at', 'is', null), eb('next_pull_at', '<=', nowText)]);
  const due = await db
    .selectFrom('connectors')
    .where('connectors.enabled', '=', 1)
    .where(isDue)
    .innerJoin('organisations as o', 'o.id', 'connectors.organisation_id')
    .select(['connectors.id', 'o.ods_code as odsCode', 'connectors.kind as kind'])
    .orderBy('connectors.next_pull_at')
    .execute();
  const outcomes: ConnectorPullOutcome[] = [];
  for (const { id, odsCode, kind } of due) {
    const claimedUntil = new Date(now.getTime() + connectorClaimMinutes * 60_000).toISOString();
    const claim = await db.updateTable('connectors').set({ next_pull_at: claimedUntil }).where('id', '=', id).where('enabled', '=', 1).where(isDue).executeTakeFirst();
    if (Number(claim.numUpdatedRows) === 0) continue;
    try {
      const result = await pullDefender(context, actor, odsCode);
      outcomes.push({ odsCode, kind, status: 'completed', importId: result.import.importId, duplicate: result.import.duplicate });
    } catch (error) {
      outcomes.push({ odsCode, kind, status: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
