import { isWardError } from '../../../core/errors.js';
import { readFetchedFeed, sha256Of } from './read-fetched-feed.js';
import type { FetchedDocument, SourceSyncContext, SyncedDocument, SyncSource } from './sync-types.js';

type SourceResult = { documents: SyncedDocument[]; warnings?: string[] };

/** One URL, one snapshot document (KEV catalogue, EPSS daily scores), stored whole. */
async function syncOneDocument(sync: SourceSyncContext, source: Extract<SyncSource, 'kev' | 'epss'>, url: string): Promise<SourceResult> {
  sync.progress(`fetching ${url}`);
  const response = await sync.client.get(url, { onWait: (ms, reason) => sync.progress(`waiting ${Math.ceil(ms / 1000)} s (${reason})`) });
  const feed = readFetchedFeed(url, response.bytes, source);
  sync.progress(`storing ${url}`);
  const documents = await sync.commit({ source, url, documents: [{ name: url, sha256: sha256Of(response.bytes), feed }], syncedThrough: sync.clock.now(), warnings: [] });
  return { documents };
}

/** CISA KEV: the whole catalogue each time (about 1,500 entries); an unchanged catalogue is recognised by its hash. */
export function syncKev(sync: SourceSyncContext): Promise<SourceResult> {
  return syncOneDocument(sync, 'kev', sync.settings.kevUrl);
}

/** FIRST EPSS: the current daily scores (gzipped CSV, `#model_version` line kept with the scores). */
export function syncEpss(sync: SourceSyncContext): Promise<SourceResult> {
  return syncOneDocument(sync, 'epss', sync.settings.epssUrl);
}

/**
 * endoflife.date API v1, one request per configured product (`/products/{product}`); all products
 * are stored in one transaction. A product the API does not know (404) is a warning, not a failure.
 */
export async function syncEndoflife(sync: SourceSyncContext): Promise<SourceResult> {
  const { url: base, products } = sync.settings.endoflife;
  const fetched: FetchedDocument[] = [];
  const warnings: string[] = [];
  for (const [index, product] of products.entries()) {
    const url = `${base}/products/${encodeURIComponent(product)}`;
    sync.progress(`product ${index + 1} of ${products.length}: ${product}`);
    try {
      const response = await sync.client.get(url, { headers: { accept: 'application/json' }, onWait: (ms, reason) => sync.progress(`waiting ${Math.ceil(ms / 1000)} s (${reason})`) });
      // The product id is taken from the URL's last segment, as `ward intel load` takes it from a file name.
      fetched.push({ name: url, sha256: sha256Of(response.bytes), feed: readFetchedFeed(url, response.bytes, 'endoflife') });
    } catch (error) {
      if (isWardError(error) && error.code === 'UPSTREAM_FAILED' && error.details.status === 404) {
        warnings.push(`endoflife.date has no product "${product}" (${url}: HTTP 404); check WARD_ENDOFLIFE_PRODUCTS`);
        continue;
      }
      throw error;
    }
  }
  if (fetched.length === 0) return { documents: [], warnings };
  sync.progress(`storing ${fetched.length} products`);
  return { documents: await sync.commit({ source: 'endoflife', url: base, documents: fetched, syncedThrough: sync.clock.now(), warnings }), warnings };
}
