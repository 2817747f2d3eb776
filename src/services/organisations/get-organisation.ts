import { authorize } from '../../core/authorization.js';
import type { Organisation } from '../../core/organisation.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from './find-organisation.js';

export async function getOrganisation(context: ServiceContext, actor: Actor, odsCode: string): Promise<Organisation> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'org:read', organisation.id);
  return organisation;
}
