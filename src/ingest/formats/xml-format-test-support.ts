/**
 * Shared by the format tests only (imported from `*.test.ts`): run a parser over a file or a
 * string and look at what came out.
 */
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { isWardError } from '../../core/errors.js';
import type { WardError } from '../../core/errors.js';
import type { EvidenceRecord } from '../evidence.js';
import type { EvidenceFormat } from '../evidence-format.js';

export const testdataDir = join(fileURLToPath(new URL('.', import.meta.url)), 'testdata');

export function fixture(...parts: string[]): string {
  return join(testdataDir, ...parts);
}

export async function parseFile(format: EvidenceFormat, path: string): Promise<EvidenceRecord[]> {
  return collect(format.parse(createReadStream(path), { fileName: basename(path) }));
}

/** Feeds `text` in chunks of `chunkSize` bytes, so tests cross chunk boundaries on purpose. */
export async function parseText(
  format: EvidenceFormat,
  text: string | Buffer,
  fileName = 'input.xml',
  chunkSize = 7,
): Promise<EvidenceRecord[]> {
  return collect(format.parse(chunked(text, chunkSize), { fileName }));
}

export function chunked(text: string | Buffer, chunkSize: number): Readable {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += chunkSize) chunks.push(bytes.subarray(start, start + chunkSize));
  return Readable.from(chunks);
}

export async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const record of records) all.push(record);
  return all;
}

export type KindCounts = { asset: number; finding: number; software: number; service: number; warning: number };

export function countKinds(records: readonly EvidenceRecord[]): KindCounts {
  const counts: KindCounts = { asset: 0, finding: 0, software: 0, service: 0, warning: 0 };
  for (const record of records) if (record.kind !== 'observation' && record.kind !== 'cloud-account') counts[record.kind]++;
  return counts;
}

export function ofKind<K extends EvidenceRecord['kind']>(
  records: readonly EvidenceRecord[],
  kind: K,
): Extract<EvidenceRecord, { kind: K }>[] {
  return records.filter((record): record is Extract<EvidenceRecord, { kind: K }> => record.kind === kind);
}

/** Asserts the promise rejects with INGEST_UNREADABLE whose message and location name the file and a line. */
export async function assertUnreadable(
  promise: Promise<unknown>,
  fileName: string,
  messagePattern?: RegExp,
): Promise<WardError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(isWardError(caught), `expected a WardError, got ${String(caught)}`);
  assert.equal(caught.code, 'INGEST_UNREADABLE');
  assert.equal(caught.details.location?.file, fileName);
  assert.equal(typeof caught.details.location?.line, 'number');
  assert.ok(caught.message.startsWith(`${fileName}:${String(caught.details.location?.line)}`), caught.message);
  if (messagePattern) assert.match(caught.message, messagePattern);
  return caught;
}
