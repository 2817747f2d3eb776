import { createHash } from 'node:crypto';
import { WardError, isWardError } from '../../../core/errors.js';
import { modifiedWindows, nvdTimestamp, readNvdJson, type NvdCve, type TimeWindow } from '../../../intel/nvd/index.js';
import type { SourceSyncContext, SyncedDocument } from './sync-types.js';

/** The CVE API's largest page. */
export const nvdResultsPerPage = 2000;

export const nvdFirstSyncHint =
  'No NVD sync has run yet, so nothing was fetched: run `ward intel sync --source nvd --since YYYY-MM-DD` to fetch the CVEs modified since that date ' +
  '(spans over 120 days are split into several requests), or load the NVD yearly feeds with `ward intel load` first.';

function unreadable(url: string, message: string, cause?: unknown): WardError {
  return new WardError('INGEST_UNREADABLE', `${url}: ${message}`, { location: { file: url } }, cause === undefined ? undefined : { cause });
}

function windowUrl(base: string, window: TimeWindow, startIndex?: number): string {
  const query = new URLSearchParams({ lastModStartDate: nvdTimestamp(window.start), lastModEndDate: nvdTimestamp(window.end) });
  if (startIndex !== undefined) {
    query.set('resultsPerPage', String(nvdResultsPerPage));
    query.set('startIndex', String(startIndex));
  }
  return `${base}?${query.toString()}`;
}

type PageHeader = { totalResults: number; startIndex: number };

function pageHeader(url: string, document: unknown): PageHeader {
  const page = document as Partial<Record<string, unknown>> | null;
  const totalResults = page?.totalResults;
  const startIndex = page?.startIndex;
  if (typeof totalResults !== 'number' || !Number.isInteger(totalResults) || typeof startIndex !== 'number' || !Number.isInteger(startIndex)) {
    throw unreadable(url, 'not an NVD API 2.0 response page (no integer totalResults/startIndex)');
  }
  return { totalResults, startIndex };
}

/** All pages of one window, parsed; a bad page fails the window before anything is stored. */
async function fetchWindow(sync: SourceSyncContext, window: TimeWindow, label: string): Promise<{ records: NvdCve[]; sha256: string }> {
  const { url: base, apiKey } = sync.settings.nvd;
  const headers = apiKey ? { apiKey: apiKey.reveal() } : undefined;
  const hash = createHash('sha256');
  const records: NvdCve[] = [];
  let startIndex = 0;
  let total: number | undefined;
  for (let page = 1; ; page += 1) {
    const url = windowUrl(base, window, startIndex);
    sync.progress(`${label}: page ${page} (${records.length}${total === undefined ? '' : ` of ${total}`} CVEs fetched)`);
    const response = await sync.client.get(url, {
      ...(headers ? { headers } : {}),
      limiter: sync.nvdLimiter,
      onWait: (ms, reason) => sync.progress(`${label}: waiting ${Math.ceil(ms / 1000)} s (${reason})`),
    });
    let document: unknown;
    try {
      document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.bytes));
    } catch (error) {
      throw unreadable(url, `not valid JSON (${error instanceof Error ? error.message : 'parse error'})`, error);
    }
    const header = pageHeader(url, document);
    let pageRecords: NvdCve[];
    try {
      pageRecords = readNvdJson(document, url);
    } catch (error) {
      if (isWardError(error) && error.code === 'INVALID_INPUT') throw new WardError('INGEST_UNREADABLE', error.message, { location: { file: url } }, { cause: error });
      throw error;
    }
    hash.update(response.bytes);
    records.push(...pageRecords);
    total = header.totalResults;
    startIndex = header.startIndex + pageRecords.length;
    if (startIndex >= total) break;
    if (pageRecords.length === 0) throw unreadable(url, `an empty page at startIndex ${header.startIndex} of ${total} results`);
  }
  return { records, sha256: hash.digest('hex') };
}

/**
 * NVD CVE API 2.0, incremental by lastModified: from the last window stored (or `--since`) to now,
 * in windows of at most 120 days, each window's pages stored in one transaction that also moves
 * the sync state to the window's end. A failure keeps the windows already stored and the state
 * at the last of them, so the next sync resumes there.
 */
export async function syncNvd(sync: SourceSyncContext): Promise<{ documents: SyncedDocument[]; message?: string; skipped?: boolean }> {
  const from = sync.since ?? sync.state?.syncedThrough;
  if (from === undefined) return { documents: [], message: nvdFirstSyncHint, skipped: true };
  const windows = modifiedWindows(from, sync.clock.now());
  const documents: SyncedDocument[] = [];
  for (const [index, window] of windows.entries()) {
    const label = `window ${index + 1} of ${windows.length} (${window.start.toISOString().slice(0, 10)} to ${window.end.toISOString().slice(0, 10)})`;
    const { records, sha256 } = await fetchWindow(sync, window, label);
    sync.progress(`${label}: storing ${records.length} CVEs`);
    documents.push(
      ...(await sync.commit({
        source: 'nvd',
        url: sync.settings.nvd.url,
        documents: [{ name: windowUrl(sync.settings.nvd.url, window), sha256, feed: { kind: 'nvd', records }, feedDate: window.end.toISOString() }],
        syncedThrough: window.end,
        window: { start: window.start.toISOString(), end: window.end.toISOString() },
        warnings: [],
      })),
    );
  }
  return { documents, ...(windows.length === 0 ? { message: 'Already synced up to now.' } : {}) };
}
