import type { WardDatabase } from '../../storage/open-database.js';

/** Which CVEs each source can tie to software: the sets the coverage report and the KEV gap list count. */
export type CoverageSets = { loaded: Set<string>; nvd: Set<string>; cve5: Set<string>; vulnrichment: Set<string>; osv: Set<string> };

/**
 * A CVE is matchable by NVD when a vulnerable cpeMatch names a product; by the CNA (`cve5`) or
 * CISA Vulnrichment when their affected entries name a vendor and product (by CPE or by name);
 * by OSV when a distribution record names a package. Loaded = held by any of them.
 */
export async function coverageSets(database: WardDatabase): Promise<CoverageSets> {
  const { db } = database;
  const ids = (rows: { id: string }[]) => new Set(rows.map((r) => r.id));
  const nvd = ids(await db.selectFrom('cve_cpe_matches').select('cve_id as id').distinct().where('vulnerable', '=', 1).execute());
  const cve5 = ids(await db.selectFrom('cve5_products').select('cve_id as id').distinct().where('origin', '=', 'cna').execute());
  const vulnrichment = ids(await db.selectFrom('cve5_products').select('cve_id as id').distinct().where('origin', '=', 'adp').execute());
  const osv = ids(await db.selectFrom('osv_cves').innerJoin('osv_packages', 'osv_packages.osv_id', 'osv_cves.osv_id').select('osv_cves.cve_id as id').distinct().execute());
  const loaded = new Set<string>([
    ...ids(await db.selectFrom('cves').select('id').execute()),
    ...ids(await db.selectFrom('cve5_records').select('id').where('state', '=', 'PUBLISHED').execute()),
    ...ids(await db.selectFrom('osv_cves').select('cve_id as id').distinct().execute()),
  ]);
  return { loaded, nvd, cve5, vulnrichment, osv };
}

export const anySource = (sets: CoverageSets, cve: string): boolean => sets.nvd.has(cve) || sets.cve5.has(cve) || sets.vulnrichment.has(cve) || sets.osv.has(cve);
