import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { WardDatabase } from '../../storage/open-database.js';
import type { ServiceContext } from '../context.js';
import { anySource, coverageSets } from './coverage-sets.js';

export type UndetectableKevEntry = { cve: string; vendorProject: string; product: string; name: string; dateAdded: string; knownRansomware: boolean; loaded: boolean };

/**
 * The KEV entries Ward cannot detect on any product: no loaded source (NVD configurations, the
 * CNA's affected data, Vulnrichment CPEs, distribution OSV records) ties the CVE to software.
 * `loaded` says whether Ward holds the CVE at all (false: load or sync its record first). For the
 * national dashboard, newest additions first, so nobody mistakes silence for safety.
 */
export async function listUndetectableKev(context: ServiceContext, actor: Actor, input: { limit?: number } = {}): Promise<{ total: number; entries: UndetectableKevEntry[] }> {
  authorize(actor.principal, 'national:read');
  return undetectableKev(context.database, input.limit);
}

/** The same without authorisation, for services that already authorised (the CVE 5 sync fills these gaps). */
export async function undetectableKev(database: WardDatabase, limit?: number): Promise<{ total: number; entries: UndetectableKevEntry[] }> {
  const all = await allUndetectableKev(database);
  return { total: all.length, entries: all.slice(0, limit ?? all.length) };
}

/**
 * Working the list out reads every KEV entry and every CVE's sources (about 130 ms on the demo
 * estate), and the national dashboard asks on every load; intelligence changes only when a feed is
 * stored, and every store adds an intel_sources row, so the list is kept until that table changes.
 */
const computed = new WeakMap<WardDatabase, { version: string; list: Promise<UndetectableKevEntry[]> }>();

async function allUndetectableKev(database: WardDatabase): Promise<UndetectableKevEntry[]> {
  const sources = await database.db
    .selectFrom('intel_sources')
    .select((eb) => [eb.fn.countAll<number | string>().as('loads'), eb.fn.max('loaded_at').as('latest')])
    .executeTakeFirst();
  const version = `${String(sources?.loads ?? 0)}|${sources?.latest ?? ''}`;
  const known = computed.get(database);
  if (known?.version === version) return known.list;
  const list = computeUndetectableKev(database);
  computed.set(database, { version, list });
  list.catch(() => computed.delete(database));
  return list;
}

async function computeUndetectableKev(database: WardDatabase): Promise<UndetectableKevEntry[]> {
  const sets = await coverageSets(database);
  const rows = await database.db.selectFrom('kev_entries').select(['cve_id', 'vendor_project', 'product', 'name', 'date_added', 'ransomware']).orderBy('date_added', 'desc').orderBy('cve_id').execute();
  return rows
    .filter((r) => !anySource(sets, r.cve_id))
    .map((r) => ({ cve: r.cve_id, vendorProject: r.vendor_project, product: r.product, name: r.name, dateAdded: r.date_added, knownRansomware: r.ransomware === 'Known', loaded: sets.loaded.has(r.cve_id) }));
}
