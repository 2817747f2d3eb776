import type { SampleCalculation } from '../../assessment/sampling.js';
import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import type { StoredSample } from './draw-ce-plus-sample.js';

/** The organisation's CE+ samples, first round first, each with the calculation that drew it. */
export async function listSamples(context: ServiceContext, actor: Actor, odsCode: string): Promise<StoredSample[]> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'assessment:read', organisation.id);
  const rows = await context.database.db.selectFrom('assessment_samples').selectAll().where('organisation_id', '=', organisation.id).orderBy('round').execute();
  return rows.map((row) => ({
    id: row.id,
    round: row.round,
    seed: row.seed,
    deviceIds: JSON.parse(row.device_ids) as string[],
    calculation: JSON.parse(row.calculation) as SampleCalculation,
    createdAt: row.created_at,
    createdBy: row.created_by,
  }));
}
