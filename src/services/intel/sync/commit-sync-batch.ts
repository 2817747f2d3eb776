import type { Actor } from '../../../core/principal.js';
import { appendAudit } from '../../audit/append-audit.js';
import type { ServiceContext } from '../../context.js';
import { storeIntelFeed } from '../store-intel-feed.js';
import type { SyncBatch, SyncedDocument } from './sync-types.js';

/**
 * Stores one sync batch in one transaction: each document through the same store functions as
 * `ward intel load` (a document whose SHA-256 is already held is left alone), the source's sync
 * state, and one audit row. If anything fails, none of it happened.
 */
export async function commitSyncBatch(context: ServiceContext, actor: Actor, batch: SyncBatch): Promise<SyncedDocument[]> {
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  return db.transaction().execute(async (trx) => {
    const documents: SyncedDocument[] = [];
    for (const document of batch.documents) {
      const seen = await trx.selectFrom('intel_sources').select(['name', 'loaded_at']).where('sha256', '=', document.sha256).executeTakeFirst();
      if (seen) {
        documents.push({ name: document.name, sha256: document.sha256, status: 'unchanged', reason: `same content as ${seen.name}, loaded on ${seen.loaded_at}` });
        continue;
      }
      const stored = await storeIntelFeed(trx, document.feed, { name: document.name, sha256: document.sha256, loadedAt: now, ...(document.feedDate !== undefined ? { feedDate: document.feedDate } : {}) });
      documents.push({ name: document.name, sha256: document.sha256, status: 'stored', ...stored });
    }
    const details = {
      documents: documents.map((d) => (d.status === 'stored' ? { name: d.name, sha256: d.sha256, status: d.status, records: d.records, ...d.counts } : { name: d.name, sha256: d.sha256, status: d.status })),
      ...(batch.window ? { window: batch.window } : {}),
      ...(batch.warnings.length > 0 ? { warnings: batch.warnings } : {}),
    };
    // Never move the state back: a re-sync of an earlier range (`--since`) or a slower concurrent sync
    // finishing last must not make the next sync start earlier than what is already stored.
    const previous = await trx.selectFrom('intel_sync_state').select('synced_through').where('source', '=', batch.source).executeTakeFirst();
    const through = previous && previous.synced_through > batch.syncedThrough.toISOString() ? previous.synced_through : batch.syncedThrough.toISOString();
    const state = { synced_through: through, synced_at: now.toISOString(), url: batch.url, details: JSON.stringify(details) };
    await trx
      .insertInto('intel_sync_state')
      .values({ source: batch.source, ...state })
      .onConflict((oc) => oc.column('source').doUpdateSet(state))
      .execute();
    await appendAudit(trx, capabilities, actor, {
      action: 'intel.synced',
      objectType: 'intel_sync',
      objectId: batch.source,
      organisationId: null,
      details: { source: batch.source, url: batch.url, syncedThrough: state.synced_through, ...details },
    }, now);
    return documents;
  });
}
