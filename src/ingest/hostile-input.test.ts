/**
 * Hostile input against every registered evidence parser: the committed malformed corpus
 * (testdata/malformed/, made by scripts/make-malformed-corpus.ts, listed in its SOURCES.md) and
 * fast-check mutations of each format's real fixtures. Whatever the bytes, a parser either yields
 * records or fails with a WardError of a stable code whose message names the file and whose
 * location names a line or an element, within a time bound. Counts per parser are printed and
 * recorded in SECURITY.md.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { isWardError } from '../core/errors.js';
import { applyEdits, assertWellReported, edits, hostileSeed, malformedCorpus, type Outcome } from '../test-support/hostile-bytes.js';
import type { EvidenceFormat } from './evidence-format.js';
import { evidenceFormats } from './formats/index.js';
import { writeNessusReport } from './formats/nessus-generator.js';
import { openEvidence } from './open-evidence.js';

const fixtures = fileURLToPath(new URL('./formats/testdata/', import.meta.url));

/** The run counts (and the seed in hostile-bytes.ts) are fixed so a failure reproduces; change them on purpose only. */
const mutationRuns = 30;
const randomRuns = 10;
/** A bound far above any real parse of these small inputs, far below a hang or an expanding bomb. */
const maxMillisPerInput = 5000;
/** The decompression cap for this test: the gzip bomb unpacks to 256 MiB. */
const testGzipCap = 20 * 1024 * 1024;

const allowedCodes = new Set(['INGEST_UNREADABLE', 'PAYLOAD_TOO_LARGE']);

type Family = 'xml' | 'json' | 'csv' | 'text';
const families: Record<string, readonly Family[]> = {
  'cyclonedx-json': ['json'],
  'cyclonedx-xml': ['xml'],
  'defender-av-health': ['json', 'csv'],
  'defender-machines': ['json', 'csv'],
  'defender-secure-config': ['json', 'csv'],
  'defender-software': ['json', 'csv'],
  'defender-vulnerabilities': ['json', 'csv'],
  'device-inventory-csv': ['csv'],
  lynis: ['text'],
  nessus: ['xml'],
  nmap: ['xml'],
  openvas: ['xml'],
  osquery: ['json', 'text'],
  'qualys-asset-report': ['xml'],
  'qualys-scan': ['xml'],
};

/**
 * The five Defender formats read through one shared layer (defender-rows.ts): the large corpus
 * files, which test that layer's limits, go to one of them; the small ones go to all five.
 */
const sharedReaderStandIns = new Set(['defender-av-health', 'defender-secure-config', 'defender-software', 'defender-vulnerabilities']);

function familyOfFile(name: string): Family | null {
  const bare = name.replace(/\.gz$/, '');
  if (/\.(xml|nessus)$/.test(bare)) return 'xml';
  if (/\.json$/.test(bare)) return 'json';
  if (/\.csv$/.test(bare)) return 'csv';
  if (/\.(dat|log)$/.test(bare)) return 'text';
  return null;
}

/** Large or compressed corpus files go to the parsers of their family only (time); small ones to every parser. */
function corpusFor(format: EvidenceFormat): string[] {
  return readdirSync(malformedCorpus)
    .filter((name) => !name.endsWith('.md'))
    .filter((name) => {
      const family = familyOfFile(name);
      const small = statSync(malformedCorpus + name).size <= 64 * 1024 && !name.endsWith('.gz');
      return small || family === null || (!sharedReaderStandIns.has(format.id) && (families[format.id] ?? []).includes(family));
    })
    .sort();
}

async function parseStream(format: EvidenceFormat, input: Readable, fileName: string): Promise<Outcome> {
  const started = performance.now();
  try {
    for await (const record of format.parse(input, { fileName })) assert.ok(record.kind);
    return { ok: true };
  } catch (error) {
    return assertWellReported(error, fileName, allowedCodes);
  } finally {
    const took = performance.now() - started;
    assert.ok(took < maxMillisPerInput, `${format.id} on ${fileName} took ${took.toFixed(0)} ms`);
  }
}

/** Feeds the bytes in chunks of `size` (at most 4096 chunks, so one-byte chunks stay cheap on larger inputs). */
function chunked(bytes: Uint8Array, wanted: number): Readable {
  const size = Math.max(wanted, Math.ceil(bytes.length / 4096));
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(Buffer.from(bytes.subarray(i, i + size)));
  return Readable.from(chunks);
}

/**
 * The three smallest real fixtures of a format under 256 KiB, the seeds of the mutations. Nessus
 * has none that small: its seed is a 32 KiB report from the same generator bench:ingest uses.
 */
async function seedsFor(format: EvidenceFormat): Promise<{ name: string; bytes: Buffer }[]> {
  if (format.id === 'nessus') {
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (chunk: Buffer) => parts.push(chunk));
    await writeNessusReport(out, { targetBytes: 32 * 1024, seed: hostileSeed, itemsPerHost: 6 });
    out.end();
    return [{ name: 'generated.nessus', bytes: Buffer.concat(parts) }];
  }
  const folder = fixtures + format.id;
  return readdirSync(folder)
    .filter((name) => !name.startsWith('broken-') && statSync(`${folder}/${name}`).size <= 256 * 1024)
    .map((name) => ({ name, size: statSync(`${folder}/${name}`).size }))
    .sort((a, b) => a.size - b.size || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map(({ name }) => name)
    .map((name) => ({ name, bytes: readFileSync(`${folder}/${name}`) }));
}

type Tally = { corpus: number; mutations: number; random: number; refused: number; accepted: number; codes: Map<string, number>; slowestMs: number };
const tallies = new Map<string, Tally>();
const tally = (id: string): Tally => {
  let entry = tallies.get(id);
  if (!entry) tallies.set(id, (entry = { corpus: 0, mutations: 0, random: 0, refused: 0, accepted: 0, codes: new Map(), slowestMs: 0 }));
  return entry;
};
function count(id: string, kind: 'corpus' | 'mutations' | 'random', outcome: Outcome, millis: number): void {
  const entry = tally(id);
  entry[kind] += 1;
  if (outcome.ok) entry.accepted += 1;
  else {
    entry.refused += 1;
    entry.codes.set(outcome.code, (entry.codes.get(outcome.code) ?? 0) + 1);
  }
  entry.slowestMs = Math.max(entry.slowestMs, millis);
}

describe('hostile input: every registered evidence parser', () => {
  after(() => {
    const rows = [...tallies].map(([id, t]) => `| ${id} | ${t.corpus} | ${t.mutations} | ${t.random} | ${t.accepted} | ${[...t.codes].map(([code, n]) => `${code} ${n}`).join(', ')} | ${t.slowestMs.toFixed(0)} |`);
    console.log(`hostile-input: seed ${hostileSeed}, ${mutationRuns} mutation runs and ${randomRuns} random runs per format\n| parser | corpus files | mutations | random | parsed | refused (code count) | slowest ms |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}`);
  });

  for (const format of evidenceFormats) {
    it(`${format.id}: every corpus file parses or is refused with a located WardError, in bounded time`, async () => {
      const files = corpusFor(format);
      assert.ok(files.length > 20, 'the corpus is there');
      for (const name of files) {
        const started = performance.now();
        const stream = await openEvidence(malformedCorpus + name, name, { maxDecompressedBytes: testGzipCap });
        const outcome = await parseStream(format, stream, name);
        count(format.id, 'corpus', outcome, performance.now() - started);
        // Entity bombs, external entities and DOCTYPE tricks are refused by every XML parser, never expanded or fetched.
        if (/^(billion-laughs|quadratic|xxe)/.test(name) && (families[format.id] ?? []).includes('xml')) assert.equal(outcome.ok, false, `${format.id} refuses ${name}`);
        if (name === 'gzip-bomb.xml.gz' && !outcome.ok) assert.ok(['PAYLOAD_TOO_LARGE', 'INGEST_UNREADABLE'].includes(outcome.code));
      }
    });

    it(`${format.id}: mutations of its real fixtures and random bytes never escape as anything but a located WardError`, async () => {
      const seeds = await seedsFor(format);
      assert.ok(seeds.length > 0, `${format.id} has a real fixture`);
      await fc.assert(
        fc.asyncProperty(fc.nat(seeds.length - 1), edits, fc.integer({ min: 1, max: 4096 }), async (which, list, chunk) => {
          const seed = seeds[which] ?? seeds[0];
          if (!seed) return;
          const started = performance.now();
          const outcome = await parseStream(format, chunked(applyEdits(seed.bytes, list), chunk), seed.name);
          count(format.id, 'mutations', outcome, performance.now() - started);
        }),
        { numRuns: mutationRuns, seed: hostileSeed },
      );
      // Random bytes behind a real head, so parsers that check the first line get past it.
      await fc.assert(
        fc.asyncProperty(fc.nat(seeds.length - 1), fc.integer({ min: 0, max: 512 }), fc.uint8Array({ maxLength: 2048 }), async (which, keep, tail) => {
          const seed = seeds[which] ?? seeds[0];
          if (!seed) return;
          const started = performance.now();
          const outcome = await parseStream(format, chunked(Buffer.concat([seed.bytes.subarray(0, keep), tail]), 64), seed.name);
          count(format.id, 'random', outcome, performance.now() - started);
        }),
        { numRuns: randomRuns, seed: hostileSeed },
      );
    });
  }

  it('a gzip bomb stops at the decompression cap with PAYLOAD_TOO_LARGE, whatever reads it', async () => {
    const name = 'gzip-bomb.xml.gz';
    const stream = await openEvidence(malformedCorpus + name, name, { maxDecompressedBytes: 1024 * 1024 });
    let read = 0;
    await assert.rejects(
      (async () => {
        for await (const chunk of stream as AsyncIterable<Buffer>) read += chunk.length;
      })(),
      (error: unknown) => isWardError(error) && error.code === 'PAYLOAD_TOO_LARGE' && error.message.includes(name),
    );
    assert.ok(read <= 1024 * 1024, `no more than the cap was handed on (${read} bytes)`);
  });
});
