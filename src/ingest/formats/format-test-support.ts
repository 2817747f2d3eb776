/**
 * Helpers for the format tests: run a parser over a fixture or a string and check that an
 * unreadable document is reported with the right code and location.
 */
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { isWardError, type SourceLocation } from '../../core/errors.js';
import type { EvidenceRecord } from '../evidence.js';
import type { EvidenceFormat } from '../evidence-format.js';

export const testdata = new URL('./testdata/', import.meta.url);

export async function parseFile(format: EvidenceFormat, relativePath: string): Promise<EvidenceRecord[]> {
  const path = new URL(relativePath, testdata);
  const fileName = relativePath.split('/').at(-1) ?? relativePath;
  return collect(format.parse(createReadStream(path), { fileName }));
}

/** Splits the input into small chunks so chunk boundaries fall inside lines and characters. */
export async function parseBytes(
  format: EvidenceFormat,
  content: string | Uint8Array,
  fileName: string,
  chunkSize = 7,
): Promise<EvidenceRecord[]> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return collect(format.parse(Readable.from(chunks), { fileName }));
}

export async function collect(records: AsyncIterable<EvidenceRecord>): Promise<EvidenceRecord[]> {
  const list: EvidenceRecord[] = [];
  for await (const record of records) list.push(record);
  return list;
}

export function ofKind<K extends EvidenceRecord['kind']>(
  records: EvidenceRecord[],
  kind: K,
): Extract<EvidenceRecord, { kind: K }>[] {
  return records.filter((r): r is Extract<EvidenceRecord, { kind: K }> => r.kind === kind);
}

/** Asserts INGEST_UNREADABLE, the expected location fields, and that the message names the file. */
export async function assertUnreadable(run: Promise<unknown>, expected: SourceLocation): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(isWardError(error), `expected a WardError, got ${String(error)}`);
    assert.equal(error.code, 'INGEST_UNREADABLE');
    const location = error.details.location;
    assert.ok(location, 'error has a location');
    for (const [key, value] of Object.entries(expected)) {
      assert.equal(location[key as keyof SourceLocation], value, `location.${key}`);
    }
    if (expected.file)
      assert.ok(error.message.includes(expected.file), `message names the file: ${error.message}`);
    if (expected.line !== undefined) {
      assert.ok(error.message.includes(`:${expected.line}`), `message names the line: ${error.message}`);
    }
    return true;
  });
}

/**
 * Property: any input drawn from `inputs`, fed in chunks of 1–64 bytes, either parses or fails with
 * INGEST_UNREADABLE — never another error, never a hang (the caller's test time-out catches that).
 */
export async function assertOnlyUnreadable(format: EvidenceFormat, inputs: fc.Arbitrary<Uint8Array>, fileName: string): Promise<void> {
  await fc.assert(
    fc.asyncProperty(inputs, fc.integer({ min: 1, max: 64 }), async (bytes, chunk) => {
      try {
        await parseBytes(format, bytes, fileName, chunk);
      } catch (error) {
        assert.ok(isWardError(error) && error.code === 'INGEST_UNREADABLE', String(error));
      }
    }),
    { numRuns: 300 },
  );
}
