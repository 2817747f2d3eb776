import { createHash } from 'node:crypto';
import { authorize } from '../../core/authorization.js';
import { WardError, isWardError, type ErrorCode } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { markAllAssessedDue } from '../assessment/mark-assessment-due.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { readIntelFile, type IntelFeed, type IntelFeedKind } from './read-intel-file.js';
import { storeNvdRecords } from './store-nvd-records.js';
import { storeEpssScores, storeKevCatalog, storeLifecycle, storeMsrcDocument } from './store-reference-records.js';

export type IntelFileInput = { name: string; bytes: Uint8Array };

export type FeedFacts = { feedVersion: string | null; feedDate: string | null; modelVersion: string | null; scoreDate: string | null };

export type IntelFileOutcome =
  | ({ file: string; sha256: string; status: 'loaded'; kind: IntelFeedKind; sourceId: string; records: number; counts: Record<string, number>; warnings: string[] } & FeedFacts)
  | { file: string; sha256: string; status: 'skipped'; kind: string; reason: string }
  | { file: string; sha256: string; status: 'refused'; code: ErrorCode; message: string };

function factsOf(feed: IntelFeed): FeedFacts & { records: number; warnings: string[] } {
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
  }
}

async function storeFeed(context: ServiceContext, actor: Actor, file: IntelFileInput, sha256: string, feed: IntelFeed): Promise<IntelFileOutcome> {
  const { db, capabilities } = context.database;
  const facts = factsOf(feed);
  const sourceId = newId();
  const now = context.clock.now();
  const counts = await db.transaction().execute(async (trx): Promise<Record<string, number>> => {
    await trx
      .insertInto('intel_sources')
      .values({
        id: sourceId,
        kind: feed.kind,
        name: file.name,
        sha256,
        loaded_at: now.toISOString(),
        record_count: facts.records,
        feed_version: facts.feedVersion,
        feed_date: facts.feedDate,
        model_version: facts.modelVersion,
        score_date: facts.scoreDate,
      })
      .execute();
    let stored: Record<string, number>;
    switch (feed.kind) {
      case 'nvd':
        stored = await storeNvdRecords(trx, feed.records, sourceId);
        break;
      case 'kev':
        stored = { entries: await storeKevCatalog(trx, feed.catalog, sourceId) };
        break;
      case 'epss':
        stored = { scores: await storeEpssScores(trx, feed.scores, sourceId) };
        break;
      case 'endoflife':
        stored = { releases: await storeLifecycle(trx, feed.product, feed.releases, sourceId) };
        break;
      case 'msrc':
        stored = { remediations: await storeMsrcDocument(trx, feed.document, sourceId) };
        break;
    }
    // New knowledge can change every organisation's result: all are re-assessed (durably, here).
    await markAllAssessedDue(trx, 'intel', now);
    await appendAudit(trx, capabilities, actor, {
      action: 'intel.loaded',
      objectType: 'intel_source',
      objectId: sourceId,
      organisationId: null,
      details: { file: file.name, kind: feed.kind, sha256, records: facts.records, ...stored },
    }, now);
    return stored;
  });
  const { warnings, records, ...feedFacts } = facts;
  return { file: file.name, sha256, status: 'loaded', kind: feed.kind, sourceId, records, counts, warnings, ...feedFacts };
}

async function loadOne(context: ServiceContext, actor: Actor, file: IntelFileInput): Promise<IntelFileOutcome> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const seen = await context.database.db.selectFrom('intel_sources').select(['kind', 'name', 'loaded_at']).where('sha256', '=', sha256).executeTakeFirst();
  if (seen) {
    return { file: file.name, sha256, status: 'skipped', kind: seen.kind, reason: `already loaded on ${seen.loaded_at} as ${seen.name} (same SHA-256)` };
  }
  try {
    return await storeFeed(context, actor, file, sha256, readIntelFile(file.name, file.bytes));
  } catch (error) {
    if (!isWardError(error) || error.code === 'INTERNAL') throw error;
    return { file: file.name, sha256, status: 'refused', code: error.code, message: error.message };
  }
}

/**
 * Loads vulnerability intelligence files (national admin). Each file is recognised by content,
 * parsed completely before anything is written, and stored in one transaction with its audit row:
 * a bad file is refused whole and the others still load. A file whose SHA-256 was loaded before is
 * skipped, so repeating a load changes nothing.
 */
export async function loadIntelFiles(context: ServiceContext, actor: Actor, input: { files: readonly IntelFileInput[] }): Promise<IntelFileOutcome[]> {
  authorize(actor.principal, 'intel:load');
  if (input.files.length === 0) throw new WardError('INVALID_INPUT', 'Name at least one intelligence file to load');
  const outcomes: IntelFileOutcome[] = [];
  for (const file of input.files) outcomes.push(await loadOne(context, actor, file));
  return outcomes;
}
