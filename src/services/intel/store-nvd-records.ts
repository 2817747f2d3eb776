import type { Transaction } from 'kysely';
import type { CpeValue } from '../../intel/cpe/index.js';
import type { CvssMetric, NvdCve } from '../../intel/nvd/index.js';
import type { CveCpeMatchTable, CveTable, Database } from '../../storage/schema.js';
import { serialiseConfigurations } from './stored-configurations.js';
import { chunks, fromExcluded } from './upsert-helpers.js';

export type NvdStoreCounts = { stored: number; stale: number; cpeMatches: number };

/** Index form of a CPE attribute: lower case (CPE comparison ignores case), `*` ANY, `-` NA. */
export function indexValue(value: CpeValue): string {
  return value.kind === 'value' ? `${value.prefix}${value.text}${value.suffix}`.toLowerCase() : value.kind === 'any' ? '*' : '-';
}

/** The preferred metric of a CVSS generation: Primary (NVD) before Secondary (CNA), as read-nvd orders them. */
function metric(cve: NvdCve, versions: readonly CvssMetric['version'][]): CvssMetric | undefined {
  return cve.metrics.find((m) => versions.includes(m.version));
}

function cveRow(cve: NvdCve, sourceId: string): CveTable {
  const v2 = metric(cve, ['2.0']);
  const v3 = metric(cve, ['3.1', '3.0']);
  const v4 = metric(cve, ['4.0']);
  return {
    id: cve.id,
    published: cve.published,
    last_modified: cve.lastModified,
    status: cve.vulnStatus,
    description: cve.description,
    cvss_v2_score: v2?.baseScore ?? null,
    cvss_v2_vector: v2?.vectorString ?? null,
    cvss_v3_score: v3?.baseScore ?? null,
    cvss_v3_vector: v3?.vectorString ?? null,
    cvss_v4_score: v4?.baseScore ?? null,
    cvss_v4_vector: v4?.vectorString ?? null,
    cwes: JSON.stringify(cve.cweIds),
    configurations: serialiseConfigurations(cve.configurations),
    source_id: sourceId,
  };
}

function matchRows(cve: NvdCve): CveCpeMatchTable[] {
  return cve.configurations.flatMap((configuration, c) =>
    configuration.nodes.flatMap((node, n) =>
      node.cpeMatch.map((match, m) => ({
        cve_id: cve.id,
        configuration_index: c,
        node_index: n,
        match_index: m,
        part: indexValue(match.cpe.part),
        vendor: indexValue(match.cpe.vendor),
        product: indexValue(match.cpe.product),
        criteria: match.criteria,
        version_start_including: match.versionStartIncluding ?? null,
        version_start_excluding: match.versionStartExcluding ?? null,
        version_end_including: match.versionEndIncluding ?? null,
        version_end_excluding: match.versionEndExcluding ?? null,
        vulnerable: match.vulnerable ? 1 : 0,
      })),
    ),
  );
}

/** The newest revision of each CVE in the file: a page may repeat a record. */
function newestById(records: readonly NvdCve[]): NvdCve[] {
  const byId = new Map<string, NvdCve>();
  for (const record of records) {
    const seen = byId.get(record.id);
    if (!seen || seen.lastModified <= record.lastModified) byId.set(record.id, record);
  }
  return [...byId.values()];
}

const cveColumns: readonly Exclude<keyof CveTable, 'id'>[] = [
  'published', 'last_modified', 'status', 'description', 'cvss_v2_score', 'cvss_v2_vector', 'cvss_v3_score', 'cvss_v3_vector',
  'cvss_v4_score', 'cvss_v4_vector', 'cwes', 'configurations', 'source_id',
];

/**
 * Upserts CVE records and rebuilds their cpeMatch index rows. A record older than the one stored
 * (by NVD's lastModified) is left alone and counted as stale, so loading an old file after a new
 * one never rolls intelligence back.
 */
export async function storeNvdRecords(trx: Transaction<Database>, records: readonly NvdCve[], sourceId: string): Promise<NvdStoreCounts> {
  const counts: NvdStoreCounts = { stored: 0, stale: 0, cpeMatches: 0 };
  // Every (vendor, product) a changed record named before or names now: only those need re-matching.
  const touched = new Map<string, { vendor: string; product: string }>();
  const touch = (row: { vendor: string; product: string }) => touched.set(`${row.vendor}\u0000${row.product}`, { vendor: row.vendor, product: row.product });
  for (const batch of chunks(newestById(records))) {
    const existing = await trx.selectFrom('cves').select(['id', 'last_modified']).where('id', 'in', batch.map((r) => r.id)).execute();
    const storedModified = new Map(existing.map((row) => [row.id, row.last_modified]));
    const fresh = batch.filter((record) => (storedModified.get(record.id) ?? '') <= record.lastModified);
    counts.stale += batch.length - fresh.length;
    if (fresh.length === 0) continue;
    await trx
      .insertInto('cves')
      .values(fresh.map((record) => cveRow(record, sourceId)))
      .onConflict((oc) => oc.column('id').doUpdateSet(fromExcluded(cveColumns)))
      .execute();
    const before = await trx.selectFrom('cve_cpe_matches').select(['vendor', 'product']).distinct().where('cve_id', 'in', fresh.map((r) => r.id)).execute();
    before.forEach(touch);
    await trx.deleteFrom('cve_cpe_matches').where('cve_id', 'in', fresh.map((r) => r.id)).execute();
    const rows = fresh.flatMap(matchRows);
    rows.forEach(touch);
    for (const rowBatch of chunks(rows)) await trx.insertInto('cve_cpe_matches').values(rowBatch).execute();
    counts.stored += fresh.length;
    counts.cpeMatches += rows.length;
  }
  if (touched.size > 0) await stampGenerations(trx, [...touched.values()]);
  return counts;
}

/**
 * Bumps the NVD generation (a row update, so concurrent loads on PostgreSQL serialise on it) and
 * stamps each touched (vendor, product) with it, in the loading transaction: the matcher then
 * re-matches exactly the product versions whose candidates may have changed.
 */
async function stampGenerations(trx: Transaction<Database>, products: readonly { vendor: string; product: string }[]): Promise<void> {
  await trx.updateTable('intel_counters').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', 'nvd').execute();
  const { value: generation } = await trx.selectFrom('intel_counters').select('value').where('name', '=', 'nvd').executeTakeFirstOrThrow();
  for (const batch of chunks(products)) {
    await trx
      .insertInto('intel_product_generations')
      .values(batch.map((p) => ({ vendor: p.vendor, product: p.product, generation })))
      .onConflict((oc) => oc.columns(['vendor', 'product']).doUpdateSet(fromExcluded(['generation'])))
      .execute();
  }
}
