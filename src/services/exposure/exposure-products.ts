import { createHash } from 'node:crypto';
import type { SoftwareMapping } from '../../intel/mapping/index.js';
import type { WardDatabase } from '../../storage/open-database.js';
import { chunks } from '../intel/upsert-helpers.js';

/** One distinct product version: the unit of matching, whatever number of devices run it. */
export type ExposureProductKey = { part: string; vendor: string; product: string; version: string; scheme: string };

export function exposureProductId(key: ExposureProductKey): string {
  return createHash('sha256').update(`${key.part}\u0000${key.vendor}\u0000${key.product}\u0000${key.version}\u0000${key.scheme}`).digest('hex').slice(0, 32);
}

/** The product version a mapping denotes; undefined when the version is unknown (nothing to match). */
export function productKeyOf(mapping: SoftwareMapping): ExposureProductKey | undefined {
  if (mapping.version === undefined) return undefined;
  return { part: mapping.part, vendor: mapping.vendor, product: mapping.product, version: mapping.version, scheme: 'generic' };
}

/** Records product versions not seen before (unmatched), so the matcher picks them up. */
export async function ensureExposureProducts(database: WardDatabase, keys: Iterable<ExposureProductKey>): Promise<string[]> {
  const byId = new Map<string, ExposureProductKey>();
  for (const key of keys) byId.set(exposureProductId(key), key);
  for (const batch of chunks([...byId.entries()])) {
    await database.db
      .insertInto('exposure_products')
      .values(batch.map(([id, k]) => ({ id, part: k.part, vendor: k.vendor, product: k.product, version: k.version, scheme: k.scheme, matched_generation: null, matched_at: null })))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  return [...byId.keys()];
}
