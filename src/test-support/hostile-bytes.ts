/**
 * What the hostile-input sweeps share (src/ingest/hostile-input.test.ts, the intel feed sweep):
 * byte-level edits of real fixtures for fast-check, and the check that a failure is well reported.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { isWardError } from '../core/errors.js';

/** The committed malformed corpus (made by scripts/make-malformed-corpus.ts, described in its SOURCES.md). */
export const malformedCorpus = fileURLToPath(new URL('../ingest/testdata/malformed/', import.meta.url));

/** One fixed fast-check seed for every hostile-input property, printed with the results, so a failure reproduces. */
export const hostileSeed = 20261129;

export type Outcome = { ok: true } | { ok: false; code: string; message: string };

/** Checks one failure: stable code, names the file, and says where (a line or an element path). */
export function assertWellReported(error: unknown, fileName: string, codes: ReadonlySet<string>, options: { requireLine: boolean } = { requireLine: true }): Outcome {
  assert.ok(isWardError(error), `${fileName}: expected a WardError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  assert.ok(codes.has(error.code), `${fileName}: code ${error.code} (${error.message})`);
  assert.ok(error.message.includes(fileName), `the message names the file: ${error.message}`);
  assert.equal(error.details.location?.file, fileName, 'location.file');
  if (error.code === 'INGEST_UNREADABLE' && options.requireLine) {
    const location = error.details.location ?? {};
    assert.ok(location.line !== undefined || location.path !== undefined, `${fileName}: a line or element is named: ${error.message}`);
  }
  return { ok: false, code: error.code, message: error.message };
}

const hostileTokens = ['<', '>', '"', "'", '&', '&lol;', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', ']]>', '{', '}', '[', ']', ',', ':', '\\', '\\u0000', '\u0000', '\r', '\n', '\uFEFF', '\uD800', '=cmd|', '"",""', '1e999999', '-0', 'null', '__proto__'];

/** Where an edit falls, as a fraction of the length (uniform: fast-check's doubles lean towards 0). */
const position = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000);

/** One edit of a byte string: truncate, overwrite, insert a token or random bytes, duplicate or delete a slice. */
const edit = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  fc.record({ op: fc.constant('overwrite' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ op: fc.constant('insert' as const), at: position, token: fc.constantFrom(...hostileTokens) }),
  fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 4096 }) }),
  fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 512 }) }),
);
export type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;
export const edits = fc.array(edit, { minLength: 1, maxLength: 3 });

export function applyEdits(source: Uint8Array, list: readonly Edit[]): Uint8Array {
  let bytes = Buffer.from(source);
  for (const change of list) {
    const at = Math.floor(change.at * bytes.length);
    switch (change.op) {
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'overwrite':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(change.bytes), bytes.subarray(at + change.bytes.length)]);
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(change.token, 'utf8'), bytes.subarray(at)]);
        break;
      case 'duplicate':
        bytes = Buffer.concat([bytes.subarray(0, at + change.length), bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + change.length)]);
        break;
    }
  }
  return bytes;
}

