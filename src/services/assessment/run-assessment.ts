import type { CeVersion } from '../../assessment/controls.js';
import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { assessOrganisation } from './assess-organisation.js';
import type { StoredAssessment } from './stored-assessment.js';

export type RunAssessmentInput = { odsCode: string; asOf?: string; ceVersion?: CeVersion };

/** Assesses an organisation now (or as of a date) and stores the snapshot in its history. */
export async function runAssessment(context: ServiceContext, actor: Actor, input: RunAssessmentInput): Promise<StoredAssessment & { odsCode: string; organisationName: string }> {
  const organisation = await findOrganisation(context, input.odsCode);
  authorize(actor.principal, 'assessment:run', organisation.id);
  const stored = await assessOrganisation(context, actor, organisation.id, {
    trigger: 'manual',
    ...(input.asOf !== undefined ? { asOf: input.asOf } : {}),
    ...(input.ceVersion !== undefined ? { ceVersion: input.ceVersion } : {}),
  });
  return { ...stored, odsCode: organisation.odsCode, organisationName: organisation.name };
}
