import { createHash } from 'node:crypto';
import { authorize } from '../../core/authorization.js';
import { WardError, isWardError, type ErrorCode } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { readIntelFile, type IntelFeed, type IntelFeedKind } from './read-intel-file.js';
import { storeIntelFeed, type FeedFacts, type StoredFeed } from './store-intel-feed.js';

export type IntelFileInput = { name: string; bytes: Uint8Array };

export type { FeedFacts } from './store-intel-feed.js';

export type IntelFileOutcome =
  | ({ file: string; sha256: string; status: 'loaded'; kind: IntelFeedKind; sourceId: string; records: number; counts: Record<string, number>; warnings: string[] } & FeedFacts)
  | { file: string; sha256: string; status: 'skipped'; kind: string; reason: string }
  | { file: string; sha256: string; status: 'refused'; code: ErrorCode; message: string };

async function storeFeed(context: ServiceContext, actor: Actor, file: IntelFileInput, sha256: string, feed: IntelFeed): Promise<IntelFileOutcome> {
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  const stored = await db.transaction().execute(async (trx): Promise<StoredFeed> => {
    const result = await storeIntelFeed(trx, feed, { name: file.name, sha256, loadedAt: now });
    await appendAudit(trx, capabilities, actor, {
      action: 'intel.loaded',
      objectType: 'intel_source',
      objectId: result.sourceId,
      organisationId: null,
      details: { file: file.name, kind: feed.kind, sha256, records: result.records, ...result.counts },
    }, now);
    return result;
  });
  return { file: file.name, sha256, status: 'loaded', kind: feed.kind, ...stored };
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
