import { createHash } from 'node:crypto';
import { WardError } from '../../../core/errors.js';
import { readIntelFile, type IntelFeed } from '../read-intel-file.js';
import type { SyncSource } from './sync-types.js';

export function sha256Of(...parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/**
 * Parses a downloaded document with the same reader as `ward intel load` (recognised by content,
 * gzip unwrapped) and checks it is the feed that URL should serve: an error page or a moved feed
 * is refused naming the URL.
 */
export function readFetchedFeed<K extends SyncSource>(name: string, bytes: Uint8Array, expected: K): Extract<IntelFeed, { kind: K }> {
  const feed = readIntelFile(name, bytes);
  if (feed.kind !== expected) {
    throw new WardError('INGEST_UNKNOWN_FORMAT', `${name}: expected ${expected} data, got ${feed.kind} data`, { location: { file: name } });
  }
  return feed as Extract<IntelFeed, { kind: K }>;
}
