import { authorize, readableOrganisations } from '../../core/authorization.js';
import type { Organisation } from '../../core/organisation.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { toOrganisation } from './organisation-row.js';

/** The organisations the actor may see, by ODS code: all of them for national roles, their own otherwise. */
export async function listOrganisations(context: ServiceContext, actor: Actor): Promise<Organisation[]> {
  authorize(actor.principal, 'org:list');
  const visible = readableOrganisations(actor.principal);
  if (visible !== 'all' && visible.length === 0) return [];
  let query = context.database.db.selectFrom('organisations').selectAll().orderBy('ods_code');
  if (visible !== 'all') query = query.where('id', 'in', [...visible]);
  return (await query.execute()).map(toOrganisation);
}
