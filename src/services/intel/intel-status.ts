import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import type { IntelFeedKind } from './read-intel-file.js';

export type FeedStatus = {
  kind: IntelFeedKind;
  /** Rows held for this feed now (CVEs, KEV entries, scores, releases, remediations). */
  records: number;
  files: number;
  lastLoadedAt: string | null;
  lastFile: string | null;
  feedVersion: string | null;
  feedDate: string | null;
  modelVersion: string | null;
  scoreDate: string | null;
  /** Where `ward intel sync` got to for this feed (null when never synced online). */
  syncedThrough: string | null;
  syncedAt: string | null;
};

export type IntelStatus = { feeds: FeedStatus[]; cpeMatches: number; lifecycleProducts: number };

const kinds: readonly IntelFeedKind[] = ['nvd', 'kev', 'epss', 'endoflife', 'msrc', 'cve5', 'osv'];

/** What intelligence is loaded, from which file or URL and when, how much of each feed is held, and where online sync got to. */
export async function intelStatus(context: ServiceContext, actor: Actor): Promise<IntelStatus> {
  authorize(actor.principal, 'intel:read');
  const { db } = context.database;
  // COUNT comes back as a string from PostgreSQL (bigint) and a number from SQLite.
  const count = async (table: 'cves' | 'kev_entries' | 'epss_scores' | 'lifecycle_releases' | 'msrc_remediations' | 'cve_cpe_matches' | 'cve5_records' | 'osv_records'): Promise<number> =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
  const tableOf = { nvd: 'cves', kev: 'kev_entries', epss: 'epss_scores', endoflife: 'lifecycle_releases', msrc: 'msrc_remediations', cve5: 'cve5_records', osv: 'osv_records' } as const;
  const sources = await db.selectFrom('intel_sources').selectAll().orderBy('loaded_at', 'desc').orderBy('id').execute();
  const syncState = new Map((await db.selectFrom('intel_sync_state').select(['source', 'synced_through', 'synced_at']).execute()).map((s) => [s.source, s]));
  const feeds: FeedStatus[] = [];
  for (const kind of kinds) {
    const mine = sources.filter((s) => s.kind === kind);
    const last = mine[0];
    feeds.push({
      kind,
      records: await count(tableOf[kind]),
      files: mine.length,
      lastLoadedAt: last?.loaded_at ?? null,
      lastFile: last?.name ?? null,
      feedVersion: last?.feed_version ?? null,
      feedDate: last?.feed_date ?? null,
      modelVersion: last?.model_version ?? null,
      scoreDate: last?.score_date ?? null,
      syncedThrough: syncState.get(kind)?.synced_through ?? null,
      syncedAt: syncState.get(kind)?.synced_at ?? null,
    });
  }
  const products = await db.selectFrom('lifecycle_releases').select((eb) => eb.fn.count<string | number>('product').distinct().as('n')).executeTakeFirstOrThrow();
  return { feeds, cpeMatches: await count('cve_cpe_matches'), lifecycleProducts: Number(products.n) };
}
