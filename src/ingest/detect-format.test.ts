import assert from 'node:assert/strict';
import { readdirSync, writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { isWardError } from '../core/errors.js';
import { detectFormat } from './detect-format.js';
import { evidenceFormats } from './formats/index.js';
import { openEvidence, readSample } from './open-evidence.js';

const testdata = fileURLToPath(new URL('./formats/testdata/', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'ward-detect-'));

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

test('every real fixture is detected as its own format from its first KiB', async () => {
  for (const format of evidenceFormats) {
    for (const file of readdirSync(join(testdata, format.id)).filter((f) => !/^(broken|invalid)-/.test(f))) {
      const sample = await readSample(join(testdata, format.id, file), file);
      assert.equal(detectFormat(sample).id, format.id, `${format.id}/${file}`);
    }
  }
});

test('an unrecognised file is INGEST_UNKNOWN_FORMAT listing every known id; --format overrides detection', async () => {
  const path = join(folder, 'notes.txt');
  writeFileSync(path, 'Dear colleague,\nplease find attached…\n');
  const sample = await readSample(path, 'notes.txt');
  assert.throws(() => detectFormat(sample), (error: unknown) => {
    assert.ok(isWardError(error));
    assert.equal(error.code, 'INGEST_UNKNOWN_FORMAT');
    for (const format of evidenceFormats) assert.ok(error.message.includes(format.id), error.message);
    assert.ok(error.message.includes('notes.txt'));
    return true;
  });
  assert.equal(detectFormat(sample, 'lynis').id, 'lynis');
  assert.throws(() => detectFormat(sample, 'nessus-v1'), /Unknown format "nessus-v1"; known formats: cyclonedx-json, /);
});

test('gzip input is detected and read through, by magic bytes even without .gz', async () => {
  const original = readFileSync(join(testdata, 'lynis', 'lynis_one_vuln.dat'));
  const path = join(folder, 'report-without-extension');
  writeFileSync(path, gzipSync(original));
  assert.equal(detectFormat(await readSample(path, 'report.dat.gz')).id, 'lynis');
  const bytes = await readAll(await openEvidence(path, 'report.dat.gz', { maxDecompressedBytes: 1024 * 1024 }));
  assert.deepEqual(bytes, original);
});

test('a gzip bomb stops at the decompressed-size cap', async () => {
  const path = join(folder, 'bomb.csv.gz');
  writeFileSync(path, gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x41)));
  await assert.rejects(readAll(await openEvidence(path, 'bomb.csv.gz', { maxDecompressedBytes: 1024 * 1024 })), (error: unknown) => isWardError(error) && error.code === 'PAYLOAD_TOO_LARGE');
});

test('corrupt gzip is INGEST_UNREADABLE naming the file', async () => {
  const path = join(folder, 'cut.log.gz');
  writeFileSync(path, gzipSync(randomBytes(200_000)).subarray(0, 3000));
  await assert.rejects(readAll(await openEvidence(path, 'cut.log.gz', { maxDecompressedBytes: 1024 * 1024 })), (error: unknown) => isWardError(error) && error.code === 'INGEST_UNREADABLE' && error.message.includes('cut.log.gz'));
});
