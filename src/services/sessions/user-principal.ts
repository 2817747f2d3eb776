import type { Principal } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { toUser } from '../users/user.js';

/** Builds the principal of a user as stored now, or null if the user cannot act (gone or disabled). */
export async function loadUserPrincipal(context: ServiceContext, userId: string): Promise<Principal | null> {
  const { db } = context.database;
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row || row.disabled_at !== null) return null;
  const user = toUser(row);
  const assignments =
    user.role === 'assessor'
      ? await db.selectFrom('user_assignments').select('organisation_id').where('user_id', '=', userId).execute()
      : [];
  return {
    type: 'user',
    userId: user.id,
    label: user.email,
    role: user.role,
    organisationId: user.organisationId,
    assignedOrganisationIds: assignments.map((a) => a.organisation_id),
  };
}
