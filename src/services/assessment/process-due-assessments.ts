import { authorize } from '../../core/authorization.js';
import { yieldToEventLoop } from '../../core/yield-to-event-loop.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import type { ReadOrganisationExposure } from '../exposure/organisation-exposure.js';
import { assessOrganisation } from './assess-organisation.js';

export type DueOutcome =
  | { organisationId: string; reason: string; status: 'assessed'; assessmentId: string; percent: number | null }
  | { organisationId: string; reason: string; status: 'failed'; message: string };

/**
 * Re-assesses every organisation marked due (by an import or an intel load), oldest request first.
 * The mark is removed only if no newer request arrived while assessing, so evidence landing during
 * a run is assessed by the next one; a failure leaves the mark for the next run and is reported.
 */
export async function processDueAssessments(context: ServiceContext, actor: Actor, options: { readExposure?: ReadOrganisationExposure; limit?: number } = {}): Promise<DueOutcome[]> {
  const { db } = context.database;
  const due = await db.selectFrom('assessment_due').selectAll().orderBy('requested_at').orderBy('organisation_id').limit(options.limit ?? 10_000).execute();
  const outcomes: DueOutcome[] = [];
  for (const row of due) {
    // Requests are answered between organisations, not only after the whole round.
    await yieldToEventLoop();
    try {
      authorize(actor.principal, 'assessment:run', row.organisation_id);
      const stored = await assessOrganisation(context, actor, row.organisation_id, { trigger: row.reason, ...(options.readExposure ? { readExposure: options.readExposure } : {}) });
      await db.deleteFrom('assessment_due').where('organisation_id', '=', row.organisation_id).where('requested_at', '=', row.requested_at).execute();
      outcomes.push({ organisationId: row.organisation_id, reason: row.reason, status: 'assessed', assessmentId: stored.id, percent: stored.percent });
    } catch (error) {
      outcomes.push({ organisationId: row.organisation_id, reason: row.reason, status: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
