import { notFound } from '../../core/errors.js';
import type { ServiceContext } from '../context.js';

/** A device of the organisation by its id or host name (case-insensitive); never another organisation's. */
export async function findDevice(context: ServiceContext, organisationId: string, idOrName: string): Promise<{ id: string; name: string }> {
  const { db } = context.database;
  const byId = await db.selectFrom('devices').select(['id', 'hostname']).where('organisation_id', '=', organisationId).where('id', '=', idOrName).executeTakeFirst();
  if (byId) return { id: byId.id, name: byId.hostname ?? byId.id };
  const lower = idOrName.trim().toLowerCase();
  const byName = await db
    .selectFrom('devices')
    .select(['id', 'hostname'])
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb.or([eb(eb.fn('lower', ['hostname']), '=', lower), eb(eb.fn('lower', ['fqdn']), '=', lower)]))
    .orderBy('id')
    .execute();
  const [first] = byName;
  if (first === undefined || byName.length > 1) throw notFound(`Device ${idOrName.slice(0, 80)}${byName.length > 1 ? ' (more than one device has that name; use its id)' : ''}`);
  return { id: first.id, name: first.hostname ?? first.id };
}
