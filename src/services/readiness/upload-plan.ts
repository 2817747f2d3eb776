import { createHash } from 'node:crypto';
import { invalidInput } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { maxPlanBytes, planDocumentType } from './plan-document.js';
import { planView, type PlanView } from './plan-view.js';
import { actorLabel, calendarDay, organisationFor, requiredText } from './readiness-input.js';

export type UploadPlanInput = {
  odsCode: string;
  fileName: string;
  content: Buffer;
  version: string;
  owner: string;
  approvedOn: string;
  nextReviewOn: string;
};

/**
 * Stores a new version of an organisation's incident-response plan: the document (PDF or DOCX,
 * checked from its bytes) kept in the database by SHA-256, with its version, owner, approval and
 * next review dates. The newest upload is the current plan.
 */
export async function uploadPlan(context: ServiceContext, actor: Actor, input: UploadPlanInput): Promise<PlanView> {
  const organisation = await organisationFor(context, actor, 'readiness:manage', input.odsCode);
  if (input.content.length === 0) throw invalidInput('The plan document is empty', { file: 'empty' });
  if (input.content.length > maxPlanBytes) throw invalidInput(`The plan document is larger than ${maxPlanBytes / 1024 / 1024} MiB`, { file: 'too-large' });
  const documentType = planDocumentType(input.content);
  const version = requiredText(input.version, 'version', 50);
  const owner = requiredText(input.owner, 'owner', 200);
  const approvedOn = calendarDay(input.approvedOn, 'approvedOn');
  const nextReviewOn = calendarDay(input.nextReviewOn, 'nextReviewOn');
  if (nextReviewOn <= approvedOn) throw invalidInput('The next review must come after the approval date', { nextReviewOn: 'before-approval' });
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const fileName = input.fileName.split(/[\\/]/).at(-1)?.trim().slice(0, 255) || `plan.${documentType}`;
  const now = context.clock.now();
  const row = {
    id: newId(), organisation_id: organisation.id, version, owner, approved_on: approvedOn, next_review_on: nextReviewOn, file_name: fileName,
    document_type: documentType, sha256, size_bytes: input.content.length, uploaded_by: actorLabel(actor), uploaded_at: now.toISOString(),
  };
  await context.database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('readiness_plan_files')
      .values({ organisation_id: organisation.id, sha256, size_bytes: input.content.length, content_base64: input.content.toString('base64') })
      .onConflict((oc) => oc.columns(['organisation_id', 'sha256']).doNothing())
      .execute();
    await trx.insertInto('readiness_plans').values(row).execute();
    await appendAudit(trx, context.database.capabilities, actor, {
      action: 'plan.uploaded', objectType: 'plan', objectId: row.id, organisationId: organisation.id,
      details: { version, owner, approvedOn, nextReviewOn, fileName, documentType, sha256, sizeBytes: row.size_bytes },
    }, now);
  });
  return planView(row, organisation.odsCode);
}
