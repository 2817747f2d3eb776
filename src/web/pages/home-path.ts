import { can } from '../../core/authorization.js';
import type { Principal } from '../../core/principal.js';
import type { ServiceContext } from '../../services/context.js';

/** Where a principal lands after signing in: the national dashboard, its organisation, or the list. */
export async function homeFor(context: ServiceContext, principal: Principal): Promise<string> {
  if (can(principal, 'national:read')) return '/national';
  const code = await ownOrganisationCode(context, principal);
  return code === null ? '/organisations' : `/organisations/${code}`;
}

/** The ODS code of the organisation a user or token belongs to, or null (national roles, assessors). */
export async function ownOrganisationCode(context: ServiceContext, principal: Principal): Promise<string | null> {
  const organisationId = principal.type === 'user' || principal.type === 'token' ? principal.organisationId : null;
  if (!organisationId) return null;
  const row = await context.database.db.selectFrom('organisations').select('ods_code').where('id', '=', organisationId).executeTakeFirst();
  return row?.ods_code ?? null;
}
