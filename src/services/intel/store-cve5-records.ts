import type { Transaction } from 'kysely';
import { entryNames, type Cve5Metric, type Cve5Record } from '../../intel/cve5/index.js';
import type { Cve5ProductTable, Cve5RecordTable, Database } from '../../storage/schema.js';
import { chunks, fromExcluded, uniqueBy } from './upsert-helpers.js';

export type Cve5StoreCounts = { stored: number; stale: number; products: number; vulnrichment: number };

/** The CNA's newest CVSS, else Vulnrichment's (CISA scores some records the CNA did not). */
function bestMetric(record: Cve5Record): { metric: Cve5Metric; source: string } | undefined {
  const pick = (metrics: readonly Cve5Metric[]) => metrics.find((m) => m.version === '4.0' || m.version === '3.1' || m.version === '3.0') ?? metrics[0];
  const cna = pick(record.cna.metrics);
  if (cna) return { metric: cna, source: 'cna' };
  const adp = record.vulnrichment ? pick(record.vulnrichment.metrics) : undefined;
  return adp ? { metric: adp, source: 'cisa-adp' } : undefined;
}

function recordRow(record: Cve5Record, sourceId: string): Cve5RecordTable {
  const best = bestMetric(record);
  const ssvc = record.vulnrichment?.ssvc;
  return {
    id: record.id,
    state: record.state,
    assigner: record.assigner ?? null,
    published: record.published ?? null,
    updated: record.updated ?? null,
    description: record.description,
    cvss_score: best?.metric.baseScore ?? null,
    cvss_vector: best?.metric.vectorString ?? null,
    cvss_source: best?.source ?? null,
    ssvc_exploitation: ssvc?.exploitation ?? null,
    ssvc_automatable: ssvc?.automatable ?? null,
    ssvc_technical_impact: ssvc?.technicalImpact ?? null,
    kev_date_added: record.vulnrichment?.kevDateAdded ?? null,
    cna_affected: JSON.stringify(record.cna.affected),
    adp_affected: JSON.stringify(record.vulnrichment?.affected ?? []),
    source_id: sourceId,
  };
}

/** Index rows: the (vendor, product) pairs each container's affected entries name. A rejected record names nothing. */
function productRows(record: Cve5Record): Cve5ProductTable[] {
  if (record.state === 'REJECTED') return [];
  const rows = [
    ...record.cna.affected.flatMap(entryNames).map((n) => ({ cve_id: record.id, origin: 'cna', ...n })),
    ...(record.vulnrichment?.affected ?? []).flatMap(entryNames).map((n) => ({ cve_id: record.id, origin: 'adp', ...n })),
  ];
  return uniqueBy(rows, (r) => `${r.origin}\u0000${r.vendor}\u0000${r.product}\u0000${r.via}`);
}

const recordColumns: readonly Exclude<keyof Cve5RecordTable, 'id'>[] = [
  'state', 'assigner', 'published', 'updated', 'description', 'cvss_score', 'cvss_vector', 'cvss_source', 'ssvc_exploitation',
  'ssvc_automatable', 'ssvc_technical_impact', 'kev_date_added', 'cna_affected', 'adp_affected', 'source_id',
];

/**
 * Upserts CVE 5 records (a record older than the stored one, by `dateUpdated`, is left alone) and
 * rebuilds their product index. Every (vendor, product) named before or now is stamped with a new
 * generation (CPE names in intel_product_generations, free-text names in cve5_name_generations),
 * so the matcher re-matches exactly the product versions that may be affected.
 */
export async function storeCve5Records(trx: Transaction<Database>, records: readonly Cve5Record[], sourceId: string): Promise<Cve5StoreCounts> {
  const counts: Cve5StoreCounts = { stored: 0, stale: 0, products: 0, vulnrichment: 0 };
  const newest = new Map<string, Cve5Record>();
  for (const r of records) if ((newest.get(r.id)?.updated ?? '') <= (r.updated ?? '')) newest.set(r.id, r);
  const touched = new Map<string, Cve5ProductTable>();
  for (const batch of chunks([...newest.values()])) {
    const existing = await trx.selectFrom('cve5_records').select(['id', 'updated']).where('id', 'in', batch.map((r) => r.id)).execute();
    const stored = new Map(existing.map((e) => [e.id, e.updated ?? '']));
    const fresh = batch.filter((r) => (stored.get(r.id) ?? '') <= (r.updated ?? ''));
    counts.stale += batch.length - fresh.length;
    if (fresh.length === 0) continue;
    const ids = fresh.map((r) => r.id);
    await trx.insertInto('cve5_records').values(fresh.map((r) => recordRow(r, sourceId))).onConflict((oc) => oc.column('id').doUpdateSet(fromExcluded(recordColumns))).execute();
    for (const row of await trx.selectFrom('cve5_products').selectAll().where('cve_id', 'in', ids).execute()) touched.set(`${row.vendor}\u0000${row.product}\u0000${row.via}`, row);
    await trx.deleteFrom('cve5_products').where('cve_id', 'in', ids).execute();
    const rows = fresh.flatMap(productRows);
    for (const row of rows) touched.set(`${row.vendor}\u0000${row.product}\u0000${row.via}`, row);
    for (const rowBatch of chunks(rows)) await trx.insertInto('cve5_products').values(rowBatch).execute();
    counts.stored += fresh.length;
    counts.products += rows.length;
    counts.vulnrichment += fresh.filter((r) => r.vulnrichment !== undefined).length;
  }
  if (touched.size > 0) await stampCve5Generations(trx, [...touched.values()]);
  return counts;
}

async function stampCve5Generations(trx: Transaction<Database>, rows: readonly Cve5ProductTable[]): Promise<void> {
  await trx.updateTable('intel_counters').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', 'nvd').execute();
  const { value: generation } = await trx.selectFrom('intel_counters').select('value').where('name', '=', 'nvd').executeTakeFirstOrThrow();
  const cpe = uniqueBy(rows.filter((r) => r.via === 'cpe'), (r) => `${r.vendor}\u0000${r.product}`);
  for (const batch of chunks(cpe)) {
    await trx
      .insertInto('intel_product_generations')
      .values(batch.map((r) => ({ vendor: r.vendor, product: r.product, generation })))
      .onConflict((oc) => oc.columns(['vendor', 'product']).doUpdateSet(fromExcluded(['generation'])))
      .execute();
  }
  const names = [...new Set(rows.filter((r) => r.via === 'name').map((r) => r.product))];
  for (const batch of chunks(names)) {
    await trx
      .insertInto('cve5_name_generations')
      .values(batch.map((product) => ({ product, generation })))
      .onConflict((oc) => oc.column('product').doUpdateSet(fromExcluded(['generation'])))
      .execute();
  }
}
