import type { Transaction } from 'kysely';
import type { EpssFile } from '../../intel/epss/index.js';
import type { KevCatalog } from '../../intel/kev/index.js';
import type { LifecycleRelease, Milestone } from '../../intel/lifecycle/index.js';
import type { CvrfDocument } from '../../intel/msrc/index.js';
import type { Database, EpssScoreTable, KevEntryTable, LifecycleReleaseTable, MsrcRemediationTable } from '../../storage/schema.js';
import { chunks, fromExcluded, uniqueBy } from './upsert-helpers.js';

// The catalogue and score feeds are snapshots: the latest file loaded wins for each key.

export async function storeKevCatalog(trx: Transaction<Database>, catalog: KevCatalog, sourceId: string): Promise<number> {
  const rows: KevEntryTable[] = uniqueBy(catalog.entries, (e) => e.cveID).map((entry) => ({
    cve_id: entry.cveID,
    vendor_project: entry.vendorProject,
    product: entry.product,
    name: entry.vulnerabilityName,
    date_added: entry.dateAdded,
    due_date: entry.dueDate,
    short_description: entry.shortDescription,
    required_action: entry.requiredAction,
    ransomware: entry.knownRansomwareCampaignUse,
    notes: entry.notes,
    cwes: JSON.stringify(entry.cwes),
    source_id: sourceId,
  }));
  const columns = ['vendor_project', 'product', 'name', 'date_added', 'due_date', 'short_description', 'required_action', 'ransomware', 'notes', 'cwes', 'source_id'];
  for (const batch of chunks(rows)) {
    await trx.insertInto('kev_entries').values(batch).onConflict((oc) => oc.column('cve_id').doUpdateSet(fromExcluded(columns))).execute();
  }
  return rows.length;
}

export async function storeEpssScores(trx: Transaction<Database>, file: EpssFile, sourceId: string): Promise<number> {
  const rows: EpssScoreTable[] = uniqueBy(file.scores, (s) => s.cve).map((score) => ({
    cve_id: score.cve,
    epss: score.epss,
    percentile: score.percentile,
    model_version: file.modelVersion ?? null,
    score_date: file.scoreDate ?? null,
    source_id: sourceId,
  }));
  const columns = ['epss', 'percentile', 'model_version', 'score_date', 'source_id'];
  for (const batch of chunks(rows)) {
    await trx.insertInto('epss_scores').values(batch).onConflict((oc) => oc.column('cve_id').doUpdateSet(fromExcluded(columns))).execute();
  }
  return rows.length;
}

/** A date stays a date; endoflife.date's "passed / not passed" booleans are kept as `true` / `false`. */
function milestoneText(value: Milestone): string | null {
  return value === undefined ? null : String(value);
}

export async function storeLifecycle(trx: Transaction<Database>, product: string, releases: readonly LifecycleRelease[], sourceId: string): Promise<number> {
  const rows: LifecycleReleaseTable[] = uniqueBy(releases, (r) => r.cycle).map((release) => ({
    product,
    cycle: release.cycle,
    label: release.label ?? null,
    release_date: release.releaseDate ?? null,
    support_end: milestoneText(release.support),
    eol: milestoneText(release.eol),
    extended_support_end: milestoneText(release.extendedSupport),
    lts: release.lts ? 1 : 0,
    latest: release.latest ?? null,
    source_id: sourceId,
  }));
  const columns = ['label', 'release_date', 'support_end', 'eol', 'extended_support_end', 'lts', 'latest', 'source_id'];
  for (const batch of chunks(rows)) {
    await trx.insertInto('lifecycle_releases').values(batch).onConflict((oc) => oc.columns(['product', 'cycle']).doUpdateSet(fromExcluded(columns))).execute();
  }
  return rows.length;
}

/** Only vendor fixes with a KB are kept: they are what a device's build or installed KBs are judged against. */
export async function storeMsrcDocument(trx: Transaction<Database>, document: CvrfDocument, sourceId: string): Promise<number> {
  const all: MsrcRemediationTable[] = document.vulnerabilities.flatMap((vulnerability) =>
    vulnerability.remediations
      .filter((r) => r.type === 'Vendor Fix' && r.kb !== undefined)
      .flatMap((remediation) =>
        remediation.productIds.map((productId) => ({
          cve_id: vulnerability.cve,
          product_id: productId,
          kb: remediation.kb ?? '',
          product_name: document.products.get(productId) ?? productId,
          document_id: document.id,
          release_date: document.releaseDate,
          sub_type: remediation.subType ?? null,
          fixed_build: remediation.fixedBuild ?? null,
          supersedes: JSON.stringify(remediation.supersedes),
          source_id: sourceId,
        })),
      ),
  );
  const rows = uniqueBy(all, (r) => `${r.cve_id}\u0000${r.product_id}\u0000${r.kb}`);
  const columns = ['product_name', 'document_id', 'release_date', 'sub_type', 'fixed_build', 'supersedes', 'source_id'];
  for (const batch of chunks(rows)) {
    await trx.insertInto('msrc_remediations').values(batch).onConflict((oc) => oc.columns(['cve_id', 'product_id', 'kb']).doUpdateSet(fromExcluded(columns))).execute();
  }
  return rows.length;
}
