import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { toUser, type User } from './user.js';

/** Users of one organisation, or (national scope) the national users and assessors. */
export async function listUsers(context: ServiceContext, actor: Actor, odsCode: string | null): Promise<User[]> {
  const { db } = context.database;
  if (odsCode === null) {
    authorize(actor.principal, 'user:list-national');
    const rows = await db.selectFrom('users').selectAll().where('organisation_id', 'is', null).orderBy('email').execute();
    return rows.map(toUser);
  }
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'user:list', organisation.id);
  const rows = await db.selectFrom('users').selectAll().where('organisation_id', '=', organisation.id).orderBy('email').execute();
  return rows.map(toUser);
}
