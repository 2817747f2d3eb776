import { nameDenotes, type Cve5Affected } from '../../intel/cve5/index.js';
import { entryNames } from '../../intel/cve5/index.js';
import type { WardDatabase } from '../../storage/open-database.js';
import { chunks } from '../intel/upsert-helpers.js';

/** The affected entries of one CVE 5 record that name a product, per container. */
export type Cve5Candidate = { assigner: string | undefined; cna: Cve5Affected[]; adp: Cve5Affected[] };

/** Free-text product keys under which a CNA may name a CPE product: `tomcat`, `apache_tomcat`. */
export function cve5NameKeys(vendor: string, product: string): string[] {
  return [product, `${vendor}_${product}`];
}

const denotes = (entry: Cve5Affected, vendor: string, product: string): boolean =>
  entryNames(entry).some((n) => (n.via === 'cpe' ? n.vendor === vendor && n.product === product : nameDenotes(n, vendor, product)));

/**
 * The CVE 5 records whose CNA or Vulnrichment entries name a (vendor, product), by CPE or by the
 * CNA's free text (`php_group` / `php` for php:php), with just the entries that name it.
 */
export async function cve5Candidates(database: WardDatabase, vendor: string, product: string): Promise<Map<string, Cve5Candidate>> {
  const { db } = database;
  const rows = await db
    .selectFrom('cve5_products')
    .select(['cve_id', 'origin', 'vendor', 'product', 'via'])
    .where((eb) => eb.or([eb.and([eb('via', '=', 'cpe'), eb('vendor', '=', vendor), eb('product', '=', product)]), eb.and([eb('via', '=', 'name'), eb('product', 'in', cve5NameKeys(vendor, product))])]))
    .execute();
  const ids = [...new Set(rows.filter((r) => r.via === 'cpe' || nameDenotes(r, vendor, product)).map((r) => r.cve_id))];
  const out = new Map<string, Cve5Candidate>();
  for (const batch of chunks(ids)) {
    for (const record of await db.selectFrom('cve5_records').select(['id', 'assigner', 'cna_affected', 'adp_affected']).where('id', 'in', batch).where('state', '=', 'PUBLISHED').execute()) {
      const cna = (JSON.parse(record.cna_affected) as Cve5Affected[]).filter((e) => denotes(e, vendor, product));
      const adp = (JSON.parse(record.adp_affected) as Cve5Affected[]).filter((e) => denotes(e, vendor, product));
      if (cna.length + adp.length > 0) out.set(record.id, { assigner: record.assigner ?? undefined, cna, adp });
    }
  }
  return out;
}
