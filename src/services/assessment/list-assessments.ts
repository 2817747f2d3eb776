import { authorize } from '../../core/authorization.js';
import { notFound } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { summaryColumns, toStoredAssessment, toSummary, type AssessmentSummary, type StoredAssessment } from './stored-assessment.js';

/** An organisation's assessment history, newest first, without the per-check documents. */
export async function listAssessments(context: ServiceContext, actor: Actor, odsCode: string, options: { limit?: number } = {}): Promise<AssessmentSummary[]> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'assessment:read', organisation.id);
  const rows = await context.database.db
    .selectFrom('assessments')
    .select(summaryColumns)
    .where('organisation_id', '=', organisation.id)
    .orderBy('revision', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map(toSummary);
}

/** The newest snapshot in full: scores, rule outcomes, every check, the remediation plan. */
export async function latestAssessment(context: ServiceContext, actor: Actor, odsCode: string): Promise<StoredAssessment & { odsCode: string; organisationName: string }> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'assessment:read', organisation.id);
  const row = await context.database.db.selectFrom('assessments').selectAll().where('organisation_id', '=', organisation.id).orderBy('revision', 'desc').limit(1).executeTakeFirst();
  if (!row) throw notFound(`An assessment of ${organisation.odsCode}`);
  return { ...toStoredAssessment(row), odsCode: organisation.odsCode, organisationName: organisation.name };
}
