import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { toApiToken, type ApiToken } from './api-token.js';

export async function listTokens(context: ServiceContext, actor: Actor, odsCode: string): Promise<ApiToken[]> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'token:list', organisation.id);
  const rows = await context.database.db.selectFrom('api_tokens').selectAll().where('organisation_id', '=', organisation.id).orderBy('created_at').execute();
  return rows.map(toApiToken);
}
