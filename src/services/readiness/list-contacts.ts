import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { contactView, type ContactView } from './contact-view.js';
import { organisationFor } from './readiness-input.js';

/** An organisation's current contacts, or the national team's when `odsCode` is null. */
export async function listContacts(context: ServiceContext, actor: Actor, odsCode: string | null): Promise<ContactView[]> {
  const organisation = odsCode ? await organisationFor(context, actor, 'readiness:read', odsCode) : null;
  if (!organisation) authorize(actor.principal, 'readiness:read-national');
  const rows = await context.database.db
    .selectFrom('readiness_contacts')
    .leftJoin('webhooks', 'webhooks.id', 'readiness_contacts.webhook_id')
    .selectAll('readiness_contacts')
    .select('webhooks.url as webhook_url')
    .where('readiness_contacts.removed_at', 'is', null)
    .where((eb) => (organisation ? eb('readiness_contacts.organisation_id', '=', organisation.id) : eb('readiness_contacts.organisation_id', 'is', null)))
    .orderBy('readiness_contacts.name')
    .execute();
  return rows.map((row) => contactView(row, organisation?.odsCode ?? null, row.webhook_url));
}
