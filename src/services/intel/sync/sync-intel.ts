import { authorize } from '../../../core/authorization.js';
import { isWardError, WardError } from '../../../core/errors.js';
import type { Actor } from '../../../core/principal.js';
import type { ServiceContext } from '../../context.js';
import { undetectableKev } from '../list-undetectable-kev.js';
import { commitSyncBatch } from './commit-sync-batch.js';
import { createFeedClient, type FetchFunction } from './feed-client.js';
import type { IntelSyncSettings } from './intel-sync-settings.js';
import { RollingRateLimiter, realSleep, type Sleep } from './rate-limiter.js';
import { syncCve5, syncOsv } from './sync-coverage-sources.js';
import { syncMsrc } from './sync-msrc.js';
import { syncNvd } from './sync-nvd.js';
import { syncEndoflife, syncEpss, syncKev } from './sync-snapshot-feeds.js';
import { syncSources, type SourceSyncContext, type SourceSyncOutcome, type SyncedDocument, type SyncProgress, type SyncSource } from './sync-types.js';

export type SyncIntelInput = {
  /** Which sources; all of them when absent or empty. */
  sources?: readonly SyncSource[];
  /** Start of the NVD lastModified range and the MSRC revision date, instead of the stored state. */
  since?: Date;
  settings: IntelSyncSettings;
};

export type SyncIntelDependencies = { fetch?: FetchFunction; sleep?: Sleep; onProgress?: (progress: SyncProgress) => void };

/** NVD's published limits: 5 requests in a rolling 30 seconds without an API key, 50 with one. */
export function nvdRateLimit(hasApiKey: boolean): { limit: number; windowMs: number } {
  return { limit: hasApiKey ? 50 : 5, windowMs: 30_000 };
}

const baseUrlOf = (settings: IntelSyncSettings, source: SyncSource): string =>
  ({ nvd: settings.nvd.url, kev: settings.kevUrl, epss: settings.epssUrl, endoflife: settings.endoflife.url, msrc: settings.msrcUrl, cve5: settings.coverage?.cve5Url ?? '', osv: settings.coverage?.osvUrl ?? '' })[source];

const runners = { nvd: syncNvd, kev: syncKev, epss: syncEpss, endoflife: syncEndoflife, msrc: syncMsrc, cve5: syncCve5, osv: syncOsv } as const;

function storedCount(documents: readonly SyncedDocument[]): number {
  return documents.reduce((sum, d) => sum + (d.status === 'stored' ? d.records : 0), 0);
}

/**
 * Fetches intelligence from the official online sources and stores it as `ward intel load` would
 * (national admin). Each source runs on its own: one that fails is reported with its error and the
 * others still sync. Each batch (a source's documents, or one NVD window) is one transaction with
 * its sync state and audit row. Callable from the CLI and, later, from a scheduler.
 */
export async function syncIntel(context: ServiceContext, actor: Actor, input: SyncIntelInput, dependencies: SyncIntelDependencies = {}): Promise<SourceSyncOutcome[]> {
  authorize(actor.principal, 'intel:load');
  const sources = input.sources && input.sources.length > 0 ? syncSources.filter((s) => input.sources?.includes(s)) : [...syncSources];
  const unknown = (input.sources ?? []).filter((s) => !(syncSources as readonly string[]).includes(s));
  if (unknown.length > 0) throw new WardError('INVALID_INPUT', `Unknown intelligence source(s): ${unknown.join(', ')} (known: ${syncSources.join(', ')})`);
  if (input.since && input.since.getTime() > context.clock.now().getTime()) throw new WardError('INVALID_INPUT', `--since ${input.since.toISOString()} is in the future`);

  const sleep = dependencies.sleep ?? realSleep;
  const client = createFeedClient({ fetch: dependencies.fetch ?? fetch, sleep, clock: context.clock, timeoutMs: input.settings.timeoutMs });
  const rate = nvdRateLimit(input.settings.nvd.apiKey !== null);
  const nvdLimiter = new RollingRateLimiter(rate.limit, rate.windowMs, context.clock, sleep);
  const outcomes: SourceSyncOutcome[] = [];
  for (const source of sources) {
    const url = baseUrlOf(input.settings, source);
    const readState = async () => {
      const row = await context.database.db.selectFrom('intel_sync_state').select('synced_through').where('source', '=', source).executeTakeFirst();
      return row ? { syncedThrough: new Date(row.synced_through) } : undefined;
    };
    const state = await readState();
    const committed: SyncedDocument[] = [];
    const warnings: string[] = [];
    const sync: SourceSyncContext = {
      settings: input.settings,
      client,
      clock: context.clock,
      nvdLimiter,
      since: input.since,
      state,
      progress: (message) => dependencies.onProgress?.({ source, message }),
      kevGaps: async (limit) => (await undetectableKev(context.database, limit)).entries.filter((e) => !e.loaded).map((e) => e.cve),
      commit: async (batch) => {
        const documents = await commitSyncBatch(context, actor, batch);
        committed.push(...documents);
        warnings.push(...batch.warnings);
        return documents;
      },
    };
    try {
      const result: { documents: SyncedDocument[]; message?: string; skipped?: boolean; warnings?: string[] } = await runners[source](sync);
      for (const w of result.warnings ?? []) if (!warnings.includes(w)) warnings.push(w);
      const after = await readState();
      const stored = storedCount(result.documents);
      outcomes.push({
        source,
        status: result.skipped ? 'skipped' : stored > 0 || result.documents.some((d) => d.status === 'stored') ? 'synced' : 'unchanged',
        url,
        syncedThrough: after?.syncedThrough.toISOString() ?? null,
        documents: result.documents,
        stored,
        warnings,
        ...(result.message !== undefined ? { message: result.message } : {}),
      });
    } catch (error) {
      if (!isWardError(error) || error.code === 'INTERNAL') throw error;
      const after = await readState();
      outcomes.push({ source, status: 'failed', url, syncedThrough: after?.syncedThrough.toISOString() ?? null, documents: committed, stored: storedCount(committed), warnings, error: { code: error.code, message: error.message } });
    }
  }
  return outcomes;
}
