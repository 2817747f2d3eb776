import type { Insertable } from 'kysely';
import { literal, ANY, type CpeName } from '../../intel/cpe/index.js';
import { decideSources, judgeVersion } from '../../intel/cve5/index.js';
import { matchProductVersion, type NvdCve } from '../../intel/nvd/index.js';
import type { ExposureProductCveTable, ExposureProductDismissalTable, ExposureProductTable } from '../../storage/schema.js';
import type { WardDatabase } from '../../storage/open-database.js';
import type { Clock } from '../../core/clock.js';
import { toNvdCve } from '../intel/find-vulnerabilities.js';
import { chunks } from '../intel/upsert-helpers.js';
import { serialiseConfigurations } from '../intel/stored-configurations.js';
import { cve5Candidates, cve5NameKeys, type Cve5Candidate } from './cve5-candidates.js';

/**
 * Counters of the matcher's work in this process, so tests and the benchmark can prove what did
 * (and did not) run: a new KEV entry must leave `productsMatched` unchanged.
 */
export const matcherStats = { runs: 0, productsMatched: 0, cvesEvaluated: 0 };

export type MatchRun = { generation: number; productsMatched: number; candidates: number; results: number };

/** The current NVD generation: bumped by every NVD load (store-nvd-records.ts). */
export async function nvdGeneration(database: WardDatabase): Promise<number> {
  const row = await database.db.selectFrom('intel_counters').select('value').where('name', '=', 'nvd').executeTakeFirst();
  return row?.value ?? 0;
}

/** Product versions never matched, or matched before NVD last changed a record naming their product. */
async function staleProducts(database: WardDatabase, ids: readonly string[] | undefined): Promise<ExposureProductTable[]> {
  const { db } = database;
  const wildcard = await db
    .selectFrom('intel_product_generations')
    .select((eb) => eb.fn.max('generation').as('generation'))
    .where((eb) => eb.or([eb('vendor', '=', '*'), eb('product', '=', '*')]))
    .executeTakeFirst();
  const wildcardGeneration = wildcard?.generation ?? 0;
  const query = (batch: readonly string[] | undefined) => {
    let q = db
      .selectFrom('exposure_products as p')
      .leftJoin('intel_product_generations as g', (join) => join.onRef('g.vendor', '=', 'p.vendor').onRef('g.product', '=', 'p.product'))
      .selectAll('p')
      .where((eb) => eb.or([eb('p.matched_generation', 'is', null), eb('g.generation', '>', eb.ref('p.matched_generation')), eb('p.matched_generation', '<', wildcardGeneration)]));
    if (batch) q = q.where('p.id', 'in', batch);
    return q.execute();
  };
  const out: ExposureProductTable[] = [];
  if (ids === undefined) out.push(...(await query(undefined)));
  else for (const batch of chunks(ids)) out.push(...(await query(batch)));
  // Products a later CVE 5 load names by free text (cve5_name_generations) are stale too.
  const seen = new Set(out.map((p) => p.id));
  const rest: ExposureProductTable[] = [];
  if (ids === undefined) rest.push(...(await db.selectFrom('exposure_products').selectAll().where('matched_generation', 'is not', null).execute()).filter((p) => !seen.has(p.id)));
  else for (const batch of chunks(ids.filter((id) => !seen.has(id)))) rest.push(...(await db.selectFrom('exposure_products').selectAll().where('id', 'in', batch).execute()));
  const keys = [...new Set(rest.flatMap((p) => cve5NameKeys(p.vendor, p.product)))];
  const stamps = new Map<string, number>();
  for (const batch of chunks(keys)) for (const row of await db.selectFrom('cve5_name_generations').selectAll().where('product', 'in', batch).execute()) stamps.set(row.product, row.generation);
  if (stamps.size === 0) return out;
  for (const p of rest) if (cve5NameKeys(p.vendor, p.product).some((k) => (stamps.get(k) ?? 0) > (p.matched_generation ?? 0))) out.push(p);
  return out;
}

function platformOf(product: ExposureProductTable): CpeName {
  return { part: literal(product.part), vendor: literal(product.vendor), product: literal(product.product), version: literal(product.version), update: ANY, edition: ANY, language: ANY, swEdition: ANY, targetSw: ANY, targetHw: ANY, other: ANY };
}

/**
 * Brings product versions up to date with the stored NVD data: each stale one (never matched, or
 * its vendor/product touched by a later NVD load) is matched ONCE against the CVEs whose cpeMatch
 * index names its vendor/product, through the whole configuration tree. Results replace the old
 * ones and the product is stamped with the generation read at the start, batch by batch in a
 * transaction each: a kill leaves every product either fully at its old results (still stale) or
 * fully at its new ones. `ids` limits the work to those products (an organisation's read).
 */
export async function matchStaleProducts(database: WardDatabase, clock: Clock, ids?: readonly string[]): Promise<MatchRun> {
  const generation = await nvdGeneration(database);
  const stale = await staleProducts(database, ids);
  const run: MatchRun = { generation, productsMatched: 0, candidates: 0, results: 0 };
  if (stale.length === 0) return run;
  matcherStats.runs++;
  const { db } = database;
  const groups = new Map<string, ExposureProductTable[]>();
  for (const product of stale) {
    const key = `${product.vendor}\u0000${product.product}`;
    groups.set(key, [...(groups.get(key) ?? []), product]);
  }
  const cache = new Map<string, NvdCve>();
  let pending: { products: ExposureProductTable[]; rows: Insertable<ExposureProductCveTable>[]; dismissals: ExposureProductDismissalTable[] } = { products: [], rows: [], dismissals: [] };
  const flush = async () => {
    if (pending.products.length === 0) return;
    const { products, rows, dismissals } = pending;
    pending = { products: [], rows: [], dismissals: [] };
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      for (const batch of chunks(products.map((p) => p.id))) {
        await trx.deleteFrom('exposure_product_cves').where('product_id', 'in', batch).execute();
        await trx.deleteFrom('exposure_product_dismissals').where('product_id', 'in', batch).execute();
      }
      for (const batch of chunks(rows)) await trx.insertInto('exposure_product_cves').values(batch).onConflict((oc) => oc.doNothing()).execute();
      for (const batch of chunks(dismissals)) await trx.insertInto('exposure_product_dismissals').values(batch).onConflict((oc) => oc.doNothing()).execute();
      for (const batch of chunks(products.map((p) => p.id))) await trx.updateTable('exposure_products').set({ matched_generation: generation, matched_at: now }).where('id', 'in', batch).execute();
    });
  };
  for (const products of groups.values()) {
    const first = products[0];
    if (!first) continue;
    const candidates = await db
      .selectFrom('cve_cpe_matches')
      .select('cve_id')
      .distinct()
      .where('vendor', 'in', [first.vendor, '*'])
      .where('product', 'in', [first.product, '*'])
      .execute();
    const missing = candidates.map((c) => c.cve_id).filter((id) => !cache.has(id));
    for (const batch of chunks(missing)) {
      for (const row of await db.selectFrom('cves').selectAll().where('id', 'in', batch).execute()) cache.set(row.id, toNvdCve(row));
    }
    const fromCve5 = await cve5Candidates(database, first.vendor, first.product);
    const namedByNvd = new Set(candidates.map((c) => c.cve_id));
    const cveIds = [...new Set([...namedByNvd, ...fromCve5.keys()])];
    run.candidates += cveIds.length;
    for (const product of products) {
      const platform = { cpe: platformOf(product) };
      for (const cveId of cveIds) {
        const cve = namedByNvd.has(cveId) ? cache.get(cveId) : undefined;
        const cve5 = fromCve5.get(cveId);
        matcherStats.cvesEvaluated++;
        const nvdMatches = cve ? matchProductVersion(cve, platform) : [];
        const decision = decideSources({
          nvd: { named: cve !== undefined, matched: nvdMatches.length > 0, reason: nvdMatches[0]?.reason },
          cna: cve5 && cve5.cna.length > 0 ? judgeVersion(cve5.cna, product.version) : undefined,
          adp: cve5 && cve5.adp.length > 0 ? judgeVersion(cve5.adp, product.version) : undefined,
          assigner: cve5?.assigner,
        });
        if (decision.verdict === 'not-affected') {
          pending.dismissals.push({ product_id: product.id, cve_id: cveId, source: decision.source, overruled: decision.overruled, reason: `${cveId} does not apply to ${product.product} ${product.version}: ${decision.reason}` });
          continue;
        }
        if (decision.verdict === 'affected') {
          pending.rows.push(cve5Row(product, cveId, decision.source, decision.reason, decision.fixedVersion, cve5));
          run.results++;
          continue;
        }
        for (const match of nvdMatches) {
          pending.rows.push({
            product_id: product.id,
            cve_id: match.cveId,
            configuration_index: match.configurationIndex,
            reason: match.reason,
            matches: JSON.stringify(match.matches),
            requires: match.requires ? serialiseConfigurations([{ operator: 'AND', negate: false, nodes: match.requires }]) : null,
            fixed_version: match.fixedVersion ?? null,
            source: 'nvd',
          });
          run.results++;
        }
      }
      pending.products.push(product);
      run.productsMatched++;
      matcherStats.productsMatched++;
      if (pending.products.length >= 500 || pending.rows.length >= 5000) await flush();
    }
  }
  await flush();
  return run;
}

/** A match proved by CVE 5 data: configuration index -1 for the CNA, -2 for Vulnrichment (NVD's are 0…n). */
function cve5Row(product: ExposureProductTable, cveId: string, source: string, reason: string, fixedVersion: string | undefined, cve5: Cve5Candidate | undefined): Insertable<ExposureProductCveTable> {
  const entries = source === 'cve5' ? cve5?.cna : cve5?.adp;
  return {
    product_id: product.id,
    cve_id: cveId,
    configuration_index: source === 'cve5' ? -1 : -2,
    reason: `${cveId} applies: ${product.vendor}:${product.product} ${reason}`,
    matches: JSON.stringify((entries ?? []).map((e) => ({ vendor: e.vendor, product: e.product, cpes: e.cpes, versions: e.versions, defaultStatus: e.defaultStatus }))),
    requires: null,
    fixed_version: fixedVersion ?? null,
    source,
  };
}
