import { isWardError, WardError } from '../../../core/errors.js';
import { readFetchedFeed, sha256Of } from './read-fetched-feed.js';
import type { FetchedDocument, SourceSyncContext, SyncedDocument } from './sync-types.js';

type SourceResult = { documents: SyncedDocument[]; warnings?: string[]; skipped?: boolean; message?: string };

/** Most CVE records fetched in one run: the rest wait for the next (said in a warning). */
const maxRecordsPerRun = 2000;

/** cvelistV5's path of a record: `2024/4xxx/CVE-2024-4577.json`, `2024/45xxx/CVE-2024-45519.json`. */
export function cvelistPath(cveId: string): string {
  const [, year = '', number = ''] = /^CVE-(\d{4})-(\d+)$/.exec(cveId) ?? [];
  return `${year}/${Math.floor(Number(number) / 1000)}xxx/${cveId}.json`;
}

type DeltaEntry = { fetchTime?: unknown; new?: unknown; updated?: unknown };

function idsOf(list: unknown): string[] {
  return Array.isArray(list) ? list.flatMap((c: unknown) => (typeof c === 'object' && c !== null && 'cveId' in c && typeof c.cveId === 'string' ? [c.cveId] : [])) : [];
}

const notFound = (error: unknown): boolean => isWardError(error) && error.code === 'UPSTREAM_FAILED' && error.details.status === 404;

/**
 * CVE JSON 5 from the CVE Program's cvelistV5 tree (raw GitHub by default; CISA's Vulnrichment ADP
 * container is published inside those records): the records `deltaLog.json` lists as new or
 * updated since the last sync (or `--since`), plus the records of KEV entries no loaded source can
 * detect yet. Each record is fetched by its path; all are stored as one document in one batch.
 */
export async function syncCve5(sync: SourceSyncContext): Promise<SourceResult> {
  const conf = sync.settings.coverage;
  if (!conf) return { documents: [], skipped: true, message: 'CVE 5 sync is not configured (WARD_CVE5_URL)' };
  const wait = { onWait: (ms: number, reason: string) => sync.progress(`waiting ${Math.ceil(ms / 1000)} s (${reason})`) };
  const deltaUrl = `${conf.cve5Url}/deltaLog.json`;
  sync.progress(`fetching ${deltaUrl}`);
  const delta = await sync.client.get(deltaUrl, wait);
  let entries: DeltaEntry[];
  try {
    const parsed = JSON.parse(Buffer.from(delta.bytes).toString('utf8')) as unknown;
    if (!Array.isArray(parsed)) throw new Error('not an array');
    entries = parsed as DeltaEntry[];
  } catch (error) {
    throw new WardError('INGEST_UNREADABLE', `${deltaUrl}: not a cvelistV5 delta log (${error instanceof Error ? error.message : String(error)})`, { location: { file: deltaUrl } }, { cause: error });
  }
  const since = sync.since ?? sync.state?.syncedThrough;
  let through = sync.clock.now();
  const changed = new Set<string>();
  let newest: string | undefined;
  for (const entry of entries) {
    const time = typeof entry.fetchTime === 'string' ? entry.fetchTime : undefined;
    if (time && (newest === undefined || time > newest)) newest = time;
    if (since && time && new Date(time).getTime() <= since.getTime()) continue;
    for (const id of [...idsOf(entry.new), ...idsOf(entry.updated)]) changed.add(id);
  }
  if (newest) through = new Date(newest);
  const gaps = conf.kevGapLimit > 0 ? await sync.kevGaps(conf.kevGapLimit) : [];
  const wanted = [...new Set([...changed, ...gaps])];
  const warnings: string[] = [];
  if (wanted.length > maxRecordsPerRun) warnings.push(`${wanted.length} CVE records wanted; ${maxRecordsPerRun} fetched this run, the rest on the next`);
  const records: string[] = [];
  for (const [index, id] of wanted.slice(0, maxRecordsPerRun).entries()) {
    const url = `${conf.cve5Url}/${cvelistPath(id)}`;
    sync.progress(`record ${index + 1} of ${Math.min(wanted.length, maxRecordsPerRun)}: ${id}`);
    try {
      records.push(Buffer.from((await sync.client.get(url, wait)).bytes).toString('utf8'));
    } catch (error) {
      if (!notFound(error)) throw error;
      warnings.push(`${id}: no record at ${url} (HTTP 404)`);
    }
  }
  if (records.length === 0) return { documents: [], warnings, message: `no new or changed CVE records (${changed.size} in the delta log, ${gaps.length} KEV gaps asked)` };
  const bytes = Buffer.from(`[${records.join(',')}]`);
  const name = `${conf.cve5Url} (${records.length} records)`;
  const document: FetchedDocument = { name, sha256: sha256Of(bytes), feed: readFetchedFeed(name, bytes, 'cve5') };
  sync.progress(`storing ${records.length} CVE records`);
  return { documents: await sync.commit({ source: 'cve5', url: conf.cve5Url, documents: [document], syncedThrough: through, warnings }), warnings };
}

/**
 * OSV: osv.dev's `all.zip` of each configured distribution ecosystem, stored whole (records older
 * than the stored copy are left alone). An ecosystem the bucket does not have (404) is a warning.
 */
export async function syncOsv(sync: SourceSyncContext): Promise<SourceResult> {
  const conf = sync.settings.coverage;
  if (!conf) return { documents: [], skipped: true, message: 'OSV sync is not configured (WARD_OSV_URL)' };
  const fetched: FetchedDocument[] = [];
  const warnings: string[] = [];
  for (const [index, ecosystem] of conf.osvEcosystems.entries()) {
    const url = `${conf.osvUrl}/${encodeURIComponent(ecosystem)}/all.zip`;
    sync.progress(`ecosystem ${index + 1} of ${conf.osvEcosystems.length}: ${ecosystem}`);
    try {
      const response = await sync.client.get(url, { onWait: (ms, reason) => sync.progress(`waiting ${Math.ceil(ms / 1000)} s (${reason})`) });
      fetched.push({ name: url, sha256: sha256Of(response.bytes), feed: readFetchedFeed(url, response.bytes, 'osv') });
    } catch (error) {
      if (!notFound(error)) throw error;
      warnings.push(`OSV has no ecosystem "${ecosystem}" (${url}: HTTP 404); check WARD_OSV_ECOSYSTEMS`);
    }
  }
  if (fetched.length === 0) return { documents: [], warnings };
  sync.progress(`storing ${fetched.length} ecosystems`);
  return { documents: await sync.commit({ source: 'osv', url: conf.osvUrl, documents: fetched, syncedThrough: sync.clock.now(), warnings }), warnings };
}
