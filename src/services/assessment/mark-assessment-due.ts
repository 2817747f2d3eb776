import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../storage/schema.js';

export type DueReason = 'import' | 'intel' | 'assessor';

/**
 * Marks organisations for re-assessment inside the caller's transaction, so the evidence or intel
 * and the request to re-assess commit together (a crash between them cannot lose the request).
 * One row per organisation: many imports before the next run coalesce into one re-assessment.
 */
export async function markAssessmentDue(trx: Transaction<Database> | Kysely<Database>, organisationIds: readonly string[], reason: DueReason, at: Date): Promise<void> {
  const unique = [...new Set(organisationIds)];
  for (let start = 0; start < unique.length; start += 500) {
    const values = unique.slice(start, start + 500).map((organisation_id) => ({ organisation_id, reason, requested_at: at.toISOString() }));
    await trx
      .insertInto('assessment_due')
      .values(values)
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ reason: (eb) => eb.ref('excluded.reason'), requested_at: (eb) => eb.ref('excluded.requested_at') }))
      .execute();
  }
}

/** New intel can change any organisation's result: every organisation holding devices is due. */
export async function markAllAssessedDue(trx: Transaction<Database>, reason: DueReason, at: Date): Promise<void> {
  const rows = await trx.selectFrom('devices').select('organisation_id').distinct().execute();
  await markAssessmentDue(trx, rows.map((r) => r.organisation_id), reason, at);
}
