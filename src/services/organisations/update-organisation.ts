import { authorize } from '../../core/authorization.js';
import { invalidInput } from '../../core/errors.js';
import { isOrganisationKind, type Organisation } from '../../core/organisation.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from './find-organisation.js';

export type UpdateOrganisationInput = { name?: string; kind?: string; region?: string | null };

export async function updateOrganisation(
  context: ServiceContext,
  actor: Actor,
  odsCode: string,
  input: UpdateOrganisationInput,
): Promise<Organisation> {
  const current = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'org:update', current.id);
  const name = input.name?.trim() ?? current.name;
  if (name === '' || name.length > 200) throw invalidInput('An organisation needs a name of 1 to 200 characters', { name: 'required' });
  const kind = input.kind ?? current.kind;
  if (!isOrganisationKind(kind)) throw invalidInput(`Unknown organisation kind "${kind}"`, { kind: 'unknown' });
  const region = input.region === undefined ? current.region : input.region?.trim() || null;
  const now = context.clock.now();
  const updated: Organisation = { ...current, name, kind, region, updatedAt: now.toISOString() };
  const { db, capabilities } = context.database;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('organisations').set({ name, kind, region, updated_at: updated.updatedAt }).where('id', '=', current.id).execute();
    await appendAudit(trx, capabilities, actor, {
      action: 'organisation.updated',
      objectType: 'organisation',
      objectId: current.id,
      organisationId: current.id,
      details: { before: { name: current.name, kind: current.kind, region: current.region }, after: { name, kind, region } },
    }, now);
  });
  return updated;
}
