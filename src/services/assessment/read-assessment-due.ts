import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { organisationFor } from '../readiness/readiness-input.js';

/** Whether new evidence, intel or an assessor's record is waiting for the next re-assessment, and since when. */
export async function readAssessmentDue(context: ServiceContext, actor: Actor, odsCode: string): Promise<{ reason: string; requestedAt: string } | null> {
  const organisation = await organisationFor(context, actor, 'assessment:read', odsCode);
  const row = await context.database.db.selectFrom('assessment_due').select(['reason', 'requested_at']).where('organisation_id', '=', organisation.id).executeTakeFirst();
  return row ? { reason: row.reason, requestedAt: row.requested_at } : null;
}
