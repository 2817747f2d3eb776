import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { listOrganisationExposure, type ExposureListing } from './list-organisation-exposure.js';

/**
 * `listOrganisationExposure` for pages that are read again and again (the organisation page and its
 * exports): an organisation's listing depends only on its completed imports, the intelligence loaded
 * and the day (support windows), so it is kept per database and organisation under a fingerprint of
 * those three and recomputed when any changes. Reading the fingerprint is two small aggregate
 * queries; the listing of a few hundred devices costs about 0.6 s (the demo, SQLite).
 */
type Entry = { fingerprint: string; listing: ExposureListing };

const caches = new WeakMap<object, Map<string, Entry>>();
const entriesPerDatabase = 64;

async function fingerprintOf(context: ServiceContext, organisationId: string): Promise<string> {
  const { db } = context.database;
  const [imports, intel] = await Promise.all([
    db.selectFrom('imports').select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('completed_at').as('at')]).where('organisation_id', '=', organisationId).where('status', '=', 'completed').executeTakeFirstOrThrow(),
    db.selectFrom('intel_sources').select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('loaded_at').as('at')]).executeTakeFirstOrThrow(),
  ]);
  return [imports.n, imports.at ?? '', intel.n, intel.at ?? '', context.clock.now().toISOString().slice(0, 10)].join('|');
}

export async function readExposureListing(context: ServiceContext, actor: Actor, odsCode: string): Promise<ExposureListing> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'exposure:read', organisation.id);
  let cache = caches.get(context.database);
  if (!cache) {
    cache = new Map();
    caches.set(context.database, cache);
  }
  const fingerprint = await fingerprintOf(context, organisation.id);
  const known = cache.get(organisation.id);
  if (known?.fingerprint === fingerprint) return known.listing;
  const listing = await listOrganisationExposure(context, actor, organisation.odsCode);
  cache.delete(organisation.id);
  if (cache.size >= entriesPerDatabase) cache.delete(cache.keys().next().value ?? '');
  cache.set(organisation.id, { fingerprint, listing });
  return listing;
}
