import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { pullDefender } from './pull-defender.js';

export type ConnectorPullOutcome = { odsCode: string; kind: string; status: 'completed' | 'failed'; importId?: string; duplicate?: boolean; error?: string };

/**
 * Runs every enabled connector whose next pull is due (its interval after the last one), one after
 * another, and reports each outcome; one organisation's failure never stops the others. Called by
 * the scheduler loop of `ward serve`, by `ward connect run-due` (cron), or by a worker.
 */
export async function runDueConnectorPulls(context: ServiceContext, actor: Actor): Promise<ConnectorPullOutcome[]> {
  authorize(actor.principal, 'connector:run-due');
  const now = context.clock.now().toISOString();
  const due = await context.database.db
    .selectFrom('connectors as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['o.ods_code as odsCode', 'c.kind as kind'])
    .where('c.enabled', '=', 1)
    .where((eb) => eb.or([eb('c.next_pull_at', 'is', null), eb('c.next_pull_at', '<=', now)]))
    .orderBy('c.next_pull_at')
    .execute();
  const outcomes: ConnectorPullOutcome[] = [];
  for (const { odsCode, kind } of due) {
    try {
      const result = await pullDefender(context, actor, odsCode);
      outcomes.push({ odsCode, kind, status: 'completed', importId: result.import.importId, duplicate: result.import.duplicate });
    } catch (error) {
      outcomes.push({ odsCode, kind, status: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
