import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { toConnectorView, type ConnectorView } from './connector-view.js';

/** An organisation's connectors, without their secrets. */
export async function listConnectors(context: ServiceContext, actor: Actor, odsCode: string): Promise<ConnectorView[]> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'connector:list', organisation.id);
  const rows = await context.database.db.selectFrom('connectors').selectAll().where('organisation_id', '=', organisation.id).orderBy('kind').execute();
  return rows.map(toConnectorView);
}
