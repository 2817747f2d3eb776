import { authorize } from '../../core/authorization.js';
import { WardError, invalidInput } from '../../core/errors.js';
import { isOrganisationKind, normaliseOdsCode, type Organisation, type OrganisationKind } from '../../core/organisation.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { findOrganisation } from './find-organisation.js';

export type AddOrganisationInput = {
  odsCode: string;
  name: string;
  kind?: string;
  region?: string | null;
  parentOdsCode?: string | null;
};

export async function addOrganisation(context: ServiceContext, actor: Actor, input: AddOrganisationInput): Promise<Organisation> {
  authorize(actor.principal, 'org:create');
  const odsCode = normaliseOdsCode(input.odsCode);
  const name = input.name.trim();
  if (name === '' || name.length > 200) throw invalidInput('An organisation needs a name of 1 to 200 characters', { name: 'required' });
  const kind = input.kind ?? 'trust';
  if (!isOrganisationKind(kind)) throw invalidInput(`Unknown organisation kind "${kind}" (trust, icb, gp-practice, other)`, { kind: 'unknown' });
  const parent = input.parentOdsCode ? await findOrganisation(context, input.parentOdsCode) : null;

  const now = context.clock.now();
  const organisation: Organisation = {
    id: newId(),
    odsCode,
    name,
    kind: kind satisfies OrganisationKind,
    region: input.region?.trim() || null,
    parentId: parent?.id ?? null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const { db, capabilities } = context.database;
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('organisations').select('id').where('ods_code', '=', odsCode).executeTakeFirst();
    if (existing) throw new WardError('CONFLICT', `An organisation with ODS code ${odsCode} already exists`);
    await trx
      .insertInto('organisations')
      .values({
        id: organisation.id,
        ods_code: organisation.odsCode,
        name: organisation.name,
        kind: organisation.kind,
        region: organisation.region,
        parent_id: organisation.parentId,
        created_at: organisation.createdAt,
        updated_at: organisation.updatedAt,
      })
      .execute();
    await appendAudit(trx, capabilities, actor, {
      action: 'organisation.created',
      objectType: 'organisation',
      objectId: organisation.id,
      organisationId: organisation.id,
      details: { odsCode, name, kind, region: organisation.region, parentOdsCode: parent?.odsCode ?? null },
    }, now);
  });
  return organisation;
}
