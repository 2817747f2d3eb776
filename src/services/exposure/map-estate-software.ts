import { mapSoftware, productNameCandidates, type MappingOutcome, type SoftwareDescription } from '../../intel/mapping/index.js';
import type { WardDatabase } from '../../storage/open-database.js';
import { chunks } from '../intel/upsert-helpers.js';

/** Identity of a software description for memoising: rows that read the same map the same. */
export function softwareDescriptionKey(s: SoftwareDescription): string {
  return [s.name, s.vendor ?? '', s.version ?? '', s.cpe ?? '', s.purl ?? '', s.packageType ?? ''].join('\u0000');
}

/** Installed updates (KB numbers) are patch evidence for the OS, not products to map. */
export function isWindowsUpdate(s: SoftwareDescription): boolean {
  return s.packageType === 'windows-update' || /^KB\d{6,8}$/i.test(s.name.trim());
}

/**
 * Maps each DISTINCT software description once. NVD product names are looked up in one indexed
 * query per 500 candidate names (intel_product_generations holds every vendor/product the loaded
 * NVD records name), so the cost follows distinct software, not rows or devices.
 */
export async function mapDistinctSoftware(database: WardDatabase, descriptions: Iterable<SoftwareDescription>): Promise<Map<string, MappingOutcome>> {
  const distinct = new Map<string, SoftwareDescription>();
  for (const d of descriptions) if (!isWindowsUpdate(d)) distinct.set(softwareDescriptionKey(d), d);
  const names = new Set<string>();
  for (const d of distinct.values()) {
    for (const n of productNameCandidates(d)) names.add(n);
    const purlName = d.purl ? /^pkg:[^/]+\/(?:.*\/)?([^@/?#]+)/.exec(d.purl)?.[1] : undefined;
    if (purlName) names.add(decodeURIComponent(purlName).toLowerCase());
  }
  const vendors = new Map<string, string[]>();
  for (const batch of chunks([...names])) {
    const rows = await database.db.selectFrom('intel_product_generations').select(['vendor', 'product']).where('product', 'in', batch).execute();
    for (const row of rows) vendors.set(row.product, [...(vendors.get(row.product) ?? []), row.vendor].sort());
  }
  const lookup = (product: string) => vendors.get(product) ?? [];
  const out = new Map<string, MappingOutcome>();
  for (const [key, d] of distinct) out.set(key, mapSoftware(d, lookup));
  return out;
}
