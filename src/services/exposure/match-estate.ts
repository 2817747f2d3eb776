import type { ServiceContext } from '../context.js';
import { ensureExposureProducts, productKeyOf, type ExposureProductKey } from './exposure-products.js';
import { mapDistinctSoftware } from './map-estate-software.js';
import { matchStaleProducts, type MatchRun } from './match-products.js';

export type EstateMatch = MatchRun & { distinctSoftware: number; distinctProducts: number; unmapped: number };

/**
 * Brings the whole estate up to date at once (after a large NVD load, or in a worker): the distinct
 * software descriptions of every organisation are mapped once, their product versions recorded,
 * and every stale one matched. Reads do the same for one organisation on demand, so running this
 * is an optimisation, never a condition for correct answers.
 */
export async function matchEstate(context: ServiceContext): Promise<EstateMatch> {
  const { database } = context;
  const distinct = await database.db.selectFrom('software').select(['name', 'vendor', 'version', 'cpe', 'purl', 'package_type as packageType']).distinct().execute();
  const mappings = await mapDistinctSoftware(database, distinct);
  const keys: ExposureProductKey[] = [];
  let unmapped = 0;
  for (const outcome of mappings.values()) {
    if ('unmapped' in outcome) unmapped++;
    else {
      const key = productKeyOf(outcome.mapped);
      if (key) keys.push(key);
    }
  }
  const ids = await ensureExposureProducts(database, keys);
  const run = await matchStaleProducts(database, context.clock);
  return { ...run, distinctSoftware: distinct.length, distinctProducts: ids.length, unmapped };
}
