import type { ErrorCode } from '../../../core/errors.js';
import type { IntelFeed, IntelFeedKind } from '../read-intel-file.js';
import type { FeedFacts } from '../store-intel-feed.js';
import type { FeedClient } from './feed-client.js';
import type { RollingRateLimiter } from './rate-limiter.js';
import type { IntelSyncSettings } from './intel-sync-settings.js';
import type { Clock } from '../../../core/clock.js';

export const syncSources = ['nvd', 'kev', 'epss', 'endoflife', 'msrc', 'cve5', 'osv'] as const satisfies readonly IntelFeedKind[];
export type SyncSource = (typeof syncSources)[number];

/** One document fetched and parsed, ready to store (an NVD window's pages count as one). */
export type FetchedDocument = { name: string; sha256: string; feed: IntelFeed; feedDate?: string | null };

/** What one transaction stores: a source's documents, or one NVD window, and where the state moves to. */
export type SyncBatch = { source: SyncSource; url: string; documents: FetchedDocument[]; syncedThrough: Date; window?: { start: string; end: string }; warnings: string[] };

export type SyncedDocument =
  | ({ name: string; sha256: string; status: 'stored'; sourceId: string; records: number; counts: Record<string, number> } & FeedFacts)
  | { name: string; sha256: string; status: 'unchanged'; reason: string };

export type SourceSyncOutcome = {
  source: SyncSource;
  /** `synced`: something new was stored; `unchanged`: everything fetched was held already; `skipped`: nothing asked (says why); `failed`. */
  status: 'synced' | 'unchanged' | 'skipped' | 'failed';
  url: string;
  /** Where the next sync starts from, after this run (null when never synced). */
  syncedThrough: string | null;
  documents: SyncedDocument[];
  /** Records stored by this run, summed over documents. */
  stored: number;
  warnings: string[];
  message?: string;
  error?: { code: ErrorCode; message: string };
};

export type SyncProgress = { source: SyncSource; message: string };

/** What a source's fetcher gets: settings, the HTTP client, time, and a way to commit each batch. */
export type SourceSyncContext = {
  settings: IntelSyncSettings;
  client: FeedClient;
  clock: Clock;
  nvdLimiter: RollingRateLimiter;
  since: Date | undefined;
  state: { syncedThrough: Date } | undefined;
  progress: (message: string) => void;
  commit: (batch: SyncBatch) => Promise<SyncedDocument[]>;
  /** KEV entries no loaded source can tie to software, newest first (the CVE 5 sync fetches their records). */
  kevGaps: (limit: number) => Promise<string[]>;
};
