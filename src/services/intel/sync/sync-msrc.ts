import { z } from 'zod';
import { WardError } from '../../../core/errors.js';
import { readFetchedFeed, sha256Of } from './read-fetched-feed.js';
import type { FetchedDocument, SourceSyncContext, SyncedDocument } from './sync-types.js';

/** The API version Microsoft's own MsrcSecurityUpdates module sends to CVRF v3.0. */
export const msrcApiVersion = '2023-11-01';

const updatesSchema = z.object({
  value: z.array(
    z.object({
      ID: z.string().regex(/^\d{4}-[A-Z][a-z]{2}$/, 'must be a document id such as 2017-Mar'),
      InitialReleaseDate: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date'),
      CurrentReleaseDate: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date'),
    }),
  ),
});

type Update = z.infer<typeof updatesSchema>['value'][number];

const json = { accept: 'application/json' };

/**
 * Which documents to fetch: with a state or `--since`, those (re)released since then, since
 * Microsoft revises old months; on a first sync, this month's and last month's.
 */
export function chooseMsrcDocuments(updates: readonly Update[], since: Date | undefined, now: Date): Update[] {
  const chosen = since
    ? updates.filter((u) => Date.parse(u.CurrentReleaseDate) >= since.getTime())
    : updates.filter((u) => Date.parse(u.InitialReleaseDate) >= Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1) && Date.parse(u.InitialReleaseDate) <= now.getTime());
  return [...chosen].sort((a, b) => Date.parse(a.InitialReleaseDate) - Date.parse(b.InitialReleaseDate) || a.ID.localeCompare(b.ID));
}

/**
 * MSRC CVRF API v3.0: the updates list, then each chosen monthly document as JSON; all documents
 * of one run are stored in one transaction.
 */
export async function syncMsrc(sync: SourceSyncContext): Promise<{ documents: SyncedDocument[]; message?: string }> {
  const base = sync.settings.msrcUrl;
  const onWait = (ms: number, reason: string) => sync.progress(`waiting ${Math.ceil(ms / 1000)} s (${reason})`);
  const listUrl = `${base}/updates?api-version=${msrcApiVersion}`;
  sync.progress(`fetching ${listUrl}`);
  const list = await sync.client.get(listUrl, { headers: json, onWait });
  let parsed;
  try {
    parsed = updatesSchema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(list.bytes)));
  } catch (error) {
    throw new WardError('INGEST_UNREADABLE', `${listUrl}: not valid JSON`, { location: { file: listUrl } }, { cause: error });
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WardError('INGEST_UNREADABLE', `${listUrl}: not an MSRC updates list: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { location: { file: listUrl } });
  }
  const chosen = chooseMsrcDocuments(parsed.data.value, sync.since ?? sync.state?.syncedThrough, sync.clock.now());
  if (chosen.length === 0) {
    await sync.commit({ source: 'msrc', url: base, documents: [], syncedThrough: sync.clock.now(), warnings: [] });
    return { documents: [], message: 'No MSRC document was released or revised since the last sync.' };
  }
  const fetched: FetchedDocument[] = [];
  for (const [index, update] of chosen.entries()) {
    const url = `${base}/cvrf/${update.ID}?api-version=${msrcApiVersion}`;
    sync.progress(`document ${index + 1} of ${chosen.length}: ${update.ID}`);
    const response = await sync.client.get(url, { headers: json, onWait });
    fetched.push({ name: url, sha256: sha256Of(response.bytes), feed: readFetchedFeed(url, response.bytes, 'msrc') });
  }
  sync.progress(`storing ${fetched.length} documents`);
  return { documents: await sync.commit({ source: 'msrc', url: base, documents: fetched, syncedThrough: sync.clock.now(), warnings: [] }) };
}
