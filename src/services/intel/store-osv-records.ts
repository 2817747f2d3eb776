import type { Transaction } from 'kysely';
import type { OsvRecord } from '../../intel/osv/index.js';
import type { Database, OsvPackageTable } from '../../storage/schema.js';
import { chunks, fromExcluded, uniqueBy } from './upsert-helpers.js';

export type OsvStoreCounts = { stored: number; stale: number; packages: number; skippedEcosystems: number };

/** Lookup rows: the source package and each binary built from it, per distribution release Ward knows. */
function packageRows(record: OsvRecord): OsvPackageTable[] {
  const rows = record.affected.flatMap((entry, index) => {
    if (entry.distro === undefined) return [];
    const affected = JSON.stringify({ ecosystem: entry.ecosystem, name: entry.name, ranges: entry.ranges, versions: entry.versions });
    return [entry.name, ...entry.binaries].map((name) => ({ osv_id: record.id, entry_index: index, package: name.toLowerCase(), distro: entry.distro ?? '', ecosystem: entry.ecosystem, affected }));
  });
  return uniqueBy(rows, (r) => `${r.entry_index}\u0000${r.package}`);
}

/**
 * Upserts OSV records of distributions (Debian, Ubuntu, AlmaLinux, Rocky, Red Hat, Alpine). A
 * record older than the stored one (by `modified`) is left alone; a withdrawn record keeps no
 * package rows, so it stops deciding anything. Entries of other ecosystems are counted, not stored.
 */
export async function storeOsvRecords(trx: Transaction<Database>, records: readonly OsvRecord[], sourceId: string): Promise<OsvStoreCounts> {
  const counts: OsvStoreCounts = { stored: 0, stale: 0, packages: 0, skippedEcosystems: 0 };
  const newest = new Map<string, OsvRecord>();
  for (const r of records) if ((newest.get(r.id)?.modified ?? '') <= r.modified) newest.set(r.id, r);
  for (const batch of chunks([...newest.values()])) {
    const existing = await trx.selectFrom('osv_records').select(['id', 'modified']).where('id', 'in', batch.map((r) => r.id)).execute();
    const stored = new Map(existing.map((e) => [e.id, e.modified]));
    const fresh = batch.filter((r) => (stored.get(r.id) ?? '') <= r.modified);
    counts.stale += batch.length - fresh.length;
    if (fresh.length === 0) continue;
    const ids = fresh.map((r) => r.id);
    await trx
      .insertInto('osv_records')
      .values(fresh.map((r) => ({ id: r.id, modified: r.modified, published: r.published ?? null, withdrawn: r.withdrawn ?? null, summary: r.summary, cves: JSON.stringify(r.cves), source_id: sourceId })))
      .onConflict((oc) => oc.column('id').doUpdateSet(fromExcluded(['modified', 'published', 'withdrawn', 'summary', 'cves', 'source_id'])))
      .execute();
    await trx.deleteFrom('osv_packages').where('osv_id', 'in', ids).execute();
    await trx.deleteFrom('osv_cves').where('osv_id', 'in', ids).execute();
    const live = fresh.filter((r) => r.withdrawn === undefined);
    const rows = live.flatMap(packageRows);
    for (const rowBatch of chunks(rows)) await trx.insertInto('osv_packages').values(rowBatch).execute();
    const cves = live.flatMap((r) => r.cves.map((cve) => ({ osv_id: r.id, cve_id: cve })));
    for (const rowBatch of chunks(cves)) await trx.insertInto('osv_cves').values(rowBatch).execute();
    counts.stored += fresh.length;
    counts.packages += rows.length;
    counts.skippedEcosystems += fresh.reduce((n, r) => n + r.affected.filter((a) => a.distro === undefined).length, 0);
  }
  return counts;
}
