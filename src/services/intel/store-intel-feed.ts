import { markAllAssessedDue } from '../assessment/mark-assessment-due.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { newId } from '../ids.js';
import type { IntelFeed } from './read-intel-file.js';
import { storeCve5Records } from './store-cve5-records.js';
import { storeNvdRecords } from './store-nvd-records.js';
import { storeOsvRecords } from './store-osv-records.js';
import { storeEpssScores, storeKevCatalog, storeLifecycle, storeMsrcDocument } from './store-reference-records.js';

export type FeedFacts = { feedVersion: string | null; feedDate: string | null; modelVersion: string | null; scoreDate: string | null };

export type StoredFeed = FeedFacts & { sourceId: string; records: number; counts: Record<string, number>; warnings: string[] };

/** What the intel_sources row says about a feed: its version, date, model, and how many records it held. */
export function factsOf(feed: IntelFeed): FeedFacts & { records: number; warnings: string[] } {
  const none = { feedVersion: null, feedDate: null, modelVersion: null, scoreDate: null, warnings: [] };
  switch (feed.kind) {
    case 'nvd':
      return { ...none, records: feed.records.length };
    case 'kev':
      return { ...none, feedVersion: feed.catalog.catalogVersion, feedDate: feed.catalog.dateReleased, records: feed.catalog.entries.length, warnings: feed.catalog.warnings };
    case 'epss':
      return { ...none, modelVersion: feed.scores.modelVersion ?? null, scoreDate: feed.scores.scoreDate ?? null, feedVersion: feed.scores.shape, records: feed.scores.scores.length };
    case 'endoflife':
      return { ...none, feedVersion: feed.product, records: feed.releases.length };
    case 'msrc':
      return { ...none, feedVersion: feed.document.id, feedDate: feed.document.releaseDate, records: feed.document.vulnerabilities.length };
    case 'cve5':
    case 'osv':
      return { ...none, records: feed.records.length, warnings: feed.warnings };
  }
}

/**
 * Records where a feed came from (a file name or the URL it was synced from) in intel_sources and
 * stores its records, inside the caller's transaction. `ward intel load` and `ward intel sync`
 * both store through here, so a feed is stored the same way whichever road it came by.
 */
export async function storeIntelFeed(
  trx: Transaction<Database>,
  feed: IntelFeed,
  origin: { name: string; sha256: string; loadedAt: Date; feedDate?: string | null },
): Promise<StoredFeed> {
  const facts = factsOf(feed);
  const sourceId = newId();
  const feedDate = origin.feedDate === undefined ? facts.feedDate : origin.feedDate;
  await trx
    .insertInto('intel_sources')
    .values({
      id: sourceId,
      kind: feed.kind,
      name: origin.name,
      sha256: origin.sha256,
      loaded_at: origin.loadedAt.toISOString(),
      record_count: facts.records,
      feed_version: facts.feedVersion,
      feed_date: feedDate,
      model_version: facts.modelVersion,
      score_date: facts.scoreDate,
    })
    .execute();
  let counts: Record<string, number>;
  switch (feed.kind) {
    case 'nvd':
      counts = await storeNvdRecords(trx, feed.records, sourceId);
      break;
    case 'kev':
      counts = { entries: await storeKevCatalog(trx, feed.catalog, sourceId) };
      break;
    case 'epss':
      counts = { scores: await storeEpssScores(trx, feed.scores, sourceId) };
      break;
    case 'endoflife':
      counts = { releases: await storeLifecycle(trx, feed.product, feed.releases, sourceId) };
      break;
    case 'msrc':
      counts = { remediations: await storeMsrcDocument(trx, feed.document, sourceId) };
      break;
    case 'cve5':
      counts = await storeCve5Records(trx, feed.records, sourceId);
      break;
    case 'osv':
      counts = await storeOsvRecords(trx, feed.records, sourceId);
      break;
  }
  // New knowledge can change any organisation's result: all are marked for re-assessment here, durably.
  await markAllAssessedDue(trx, 'intel', origin.loadedAt);
  const { records, warnings, ...rest } = facts;
  return { ...rest, feedDate, sourceId, records, counts, warnings };
}
