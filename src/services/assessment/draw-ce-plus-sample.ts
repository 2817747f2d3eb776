import { randomBytes } from 'node:crypto';
import { drawSample, type SampleCalculation } from '../../assessment/sampling.js';
import { authorize } from '../../core/authorization.js';
import { invalidInput, WardError } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { assembleAssessmentInput } from './assemble-assessment-input.js';
import { ceVersionFor } from './ce-version.js';
import { markAssessmentDue } from './mark-assessment-due.js';

export type StoredSample = { id: string; round: number; seed: string; deviceIds: string[]; calculation: SampleCalculation; createdAt: string; createdBy: string };

/**
 * Draws the CE+ sample from the organisation's in-scope devices, grouped by OS build, with the
 * pure calculator (assessment/sampling.ts), and stores it with its calculation and seed: the same
 * seed and devices give the same sample. Round 1 is the first sample; round 2 the second sample
 * after remediation, drawn avoiding the devices of round 1 while others remain. No third round.
 */
export async function drawCePlusSample(context: ServiceContext, actor: Actor, input: { odsCode: string; seed?: string; serversInFull?: boolean }): Promise<StoredSample> {
  const organisation = await findOrganisation(context, input.odsCode);
  authorize(actor.principal, 'assessment:sample', organisation.id);
  const seed = input.seed ?? randomBytes(8).toString('hex');
  if (seed.length === 0 || seed.length > 200) throw invalidInput('A seed is 1 to 200 characters', { seed: 'invalid' });
  const { db } = context.database;
  const previous = await db.selectFrom('assessment_samples').select(['round', 'device_ids']).where('organisation_id', '=', organisation.id).orderBy('round', 'desc').execute();
  const round = (previous[0]?.round ?? 0) + 1;
  if (round > 2) throw new WardError('CONFLICT', `${organisation.odsCode} already has its first and second CE+ samples`);
  const now = context.clock.now();
  const day = now.toISOString().slice(0, 10);
  const assembled = await assembleAssessmentInput(context, organisation.id, { ceVersion: ceVersionFor(day) });
  const exclude = previous.flatMap((p) => JSON.parse(p.device_ids) as string[]);
  const calculation = drawSample(assembled.devices, seed, { serversInFull: input.serversInFull === true, exclude });
  const row = { id: newId(), organisation_id: organisation.id, round, seed, method: calculation.method, device_ids: JSON.stringify(calculation.deviceIds), calculation: JSON.stringify(calculation), created_by: actor.principal.label, created_at: now.toISOString() };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('assessment_samples').values(row).execute();
    await markAssessmentDue(trx, [organisation.id], 'assessor', now);
    await appendAudit(trx, context.database.capabilities, actor, { action: 'assessment.sample.drawn', objectType: 'assessment_sample', objectId: row.id, organisationId: organisation.id, details: { round, seed, method: calculation.method, devices: calculation.deviceIds.length, builds: calculation.builds.length } }, now);
  });
  return { id: row.id, round, seed, deviceIds: calculation.deviceIds, calculation, createdAt: row.created_at, createdBy: row.created_by };
}
