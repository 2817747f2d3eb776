import { can } from '../../core/authorization.js';
import type { Principal } from '../../core/principal.js';
import type { ServiceContext } from '../../services/context.js';

/** Where a principal lands after signing in: the national dashboard, its organisation, or the list. */
export async function homeFor(context: ServiceContext, principal: Principal): Promise<string> {
  if (can(principal, 'national:read')) return '/national';
  const organisationId = principal.type === 'user' || principal.type === 'token' ? principal.organisationId : null;
  if (organisationId) {
    const row = await context.database.db.selectFrom('organisations').select('ods_code').where('id', '=', organisationId).executeTakeFirst();
    if (row) return `/organisations/${row.ods_code}`;
  }
  return '/organisations';
}
