/**
 * Hostile input against the intelligence readers (NVD, KEV, EPSS, MSRC CVRF, CVE JSON 5, OSV,
 * endoflife.date, and the zip bundles of the last two) through `readIntelFile`, the one entry both
 * `ward intel load` and `ward intel sync` use: the malformed corpus and fast-check mutations of the
 * real feeds. Then, on both engines, a refused feed stores nothing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, describe } from 'node:test';
import { it as plainIt } from 'node:test';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import type { Database } from '../../storage/schema.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { operator, serviceContext } from '../../test-support/factories.js';
import { applyEdits, assertWellReported, edits, hostileSeed, malformedCorpus, type Outcome } from '../../test-support/hostile-bytes.js';
import { intelTestPath } from './intel-test-support.js';
import { loadIntelFiles } from './load-intel-files.js';
import { readIntelFile, type IntelReadLimits } from './read-intel-file.js';

const mutationRuns = 25;
const maxMillisPerInput = 5000;
/** Small caps for the test: the bombs in the corpus unpack to 192–256 MiB. */
const testLimits: IntelReadLimits = { maxUnpackedBytes: 24 * 1024 * 1024, zip: { maxEntryBytes: 8 * 1024 * 1024, maxTotalBytes: 12 * 1024 * 1024, maxDepth: 2 } };
const allowedCodes = new Set(['INGEST_UNREADABLE', 'INGEST_UNKNOWN_FORMAT', 'PAYLOAD_TOO_LARGE']);

function read(name: string, bytes: Uint8Array): Outcome & { kind?: string } {
  const started = performance.now();
  try {
    return { ok: true, kind: readIntelFile(name, bytes, testLimits).kind };
  } catch (error) {
    // Not every intel reader knows a line yet (whole-document problems, schema paths in the message): see SECURITY.md.
    return assertWellReported(error, name, allowedCodes, { requireLine: false });
  } finally {
    const took = performance.now() - started;
    assert.ok(took < maxMillisPerInput, `${name} took ${took.toFixed(0)} ms`);
  }
}

const text = (path: string) => {
  const bytes = readFileSync(intelTestPath(path));
  return bytes[0] === 0x1f ? gunzipSync(bytes) : bytes;
};
const kevSample = (() => {
  const catalog = JSON.parse(text('kev/known_exploited_vulnerabilities.json.gz').toString('utf8')) as { vulnerabilities: unknown[] };
  return Buffer.from(JSON.stringify({ ...catalog, count: 20, vulnerabilities: catalog.vulnerabilities.slice(0, 20) }, null, 2));
})();

/** The May 2017 CVRF document with its first three vulnerabilities of 66 (1.6 MB → about 100 KB). */
const cvrfSample = (() => {
  const xml = text('msrc/cvrfDocument-2017-May.xml.gz').toString('utf8');
  const third = xml.indexOf('</vuln:Vulnerability>', xml.indexOf('</vuln:Vulnerability>', xml.indexOf('</vuln:Vulnerability>') + 1) + 1);
  const last = xml.lastIndexOf('</vuln:Vulnerability>');
  return Buffer.from(xml.slice(0, third) + xml.slice(last));
})();

/** One real document of every kind of feed, small enough to mutate many times. */
const seeds: { kind: string; name: string; bytes: Uint8Array }[] = [
  { kind: 'nvd', name: 'CVE-2017-0145.json', bytes: text('nvd/CVE-2017-0145.json') },
  { kind: 'kev', name: 'kev.json', bytes: kevSample },
  { kind: 'epss', name: 'epss.csv', bytes: text('epss/constructed-first-daily-shape.csv') },
  { kind: 'endoflife', name: 'log4j.md', bytes: text('endoflife/log4j.md') },
  { kind: 'msrc', name: 'cvrf.xml', bytes: cvrfSample },
  { kind: 'cve5', name: 'CVE-2024-4577.json', bytes: text('cve5/CVE-2024-4577.json') },
  { kind: 'osv', name: 'ALSA-2022-5267.json', bytes: text('osv/ALSA-2022-5267.json') },
  { kind: 'cve5', name: 'cves.zip', bytes: zipSync({ 'cves.zip': zipSync({ 'CVE-2024-4577.json': text('cve5/CVE-2024-4577.json'), 'CVE-2025-0411.json': text('cve5/CVE-2025-0411.json') }) }) },
  { kind: 'osv', name: 'all.zip', bytes: zipSync({ 'ALSA-2022-5267.json': text('osv/ALSA-2022-5267.json'), 'UBUNTU-CVE-2024-3094.json': text('osv/UBUNTU-CVE-2024-3094.json') }) },
];

type Tally = { corpus: number; mutations: number; accepted: number; codes: Map<string, number> };
const tallies = new Map<string, Tally>();
function count(kind: string, what: 'corpus' | 'mutations', outcome: Outcome): void {
  const entry = tallies.get(kind) ?? { corpus: 0, mutations: 0, accepted: 0, codes: new Map<string, number>() };
  tallies.set(kind, entry);
  entry[what] += 1;
  if (outcome.ok) entry.accepted += 1;
  else entry.codes.set(outcome.code, (entry.codes.get(outcome.code) ?? 0) + 1);
}

describe('hostile input: the intelligence readers', () => {
  after(() => {
    const rows = [...tallies].map(([kind, t]) => `| ${kind} | ${t.corpus} | ${t.mutations} | ${t.accepted} | ${[...t.codes].map(([code, n]) => `${code} ${n}`).join(', ')} |`);
    console.log(`hostile-intel: seed ${hostileSeed}, ${mutationRuns} mutation runs per seed\n| reader | corpus files | mutations | read | refused (code count) |\n|---|---|---|---|---|\n${rows.join('\n')}`);
  });

  plainIt('every corpus file is read or refused with a stable code naming the file; bombs stop at the caps', () => {
    const names = readdirSync(malformedCorpus).filter((name) => !name.endsWith('.md')).sort();
    for (const name of names) {
      const outcome = read(name, readFileSync(malformedCorpus + name));
      count(outcome.ok ? (outcome.kind ?? 'corpus') : 'corpus', 'corpus', outcome);
      if (/bomb/.test(name)) assert.deepEqual(outcome.ok ? 'read' : outcome.code, 'PAYLOAD_TOO_LARGE', name);
      if (/(xxe|laughs)-cvrf/.test(name)) assert.equal(outcome.ok, false, `${name} is refused, not expanded`);
    }
  });

  plainIt('zips nested deeper than allowed are refused', () => {
    const deep = zipSync({ 'a.zip': zipSync({ 'b.zip': zipSync({ 'CVE-2024-4577.json': text('cve5/CVE-2024-4577.json') }) }) });
    const outcome = read('deep.zip', deep);
    assert.equal(outcome.ok ? 'read' : outcome.code, 'PAYLOAD_TOO_LARGE');
  });

  plainIt('mutations of a real feed of every kind are read or refused with a stable code naming the file', async () => {
    for (const seed of seeds) {
      assert.equal(read(seed.name, seed.bytes).kind, seed.kind, `${seed.name} reads as it is`);
      await fc.assert(
        fc.asyncProperty(edits, (list) => {
          count(seed.kind, 'mutations', read(seed.name, applyEdits(seed.bytes, list)));
          return Promise.resolve();
        }),
        { numRuns: mutationRuns, seed: hostileSeed },
      );
    }
  });
});

const intelTables = ['intel_sources', 'cves', 'cve_cpe_matches', 'kev_entries', 'epss_scores', 'lifecycle_releases', 'msrc_remediations', 'audit_log'] as const satisfies readonly (keyof Database)[];

describeEachEngine('hostile intelligence files store nothing', ({ database, it }) => {
  it('malformed NVD, KEV, EPSS, CVRF, CVE 5, OSV and zip files are each refused and leave every intel table as it was', async () => {
    const context = serviceContext(database());
    const counts = async () => Promise.all(intelTables.map(async (table) => Number((await context.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n)));
    const before = await counts();
    const names = ['truncated-nvd.json', 'nvd-wrong-types.json', 'kev-wrong-types.json', 'epss-broken.csv', 'endoflife-broken.md', 'xxe-cvrf.xml', 'billion-laughs-cvrf.xml', 'zip-truncated.zip', 'json-nan.json', 'invalid-utf8.json'];
    const outcomes = await loadIntelFiles(context, operator, { files: names.map((name) => ({ name, bytes: readFileSync(malformedCorpus + name) })) });
    assert.deepEqual(outcomes.map((o) => [o.file, o.status]), names.map((name) => [name, 'refused']));
    assert.deepEqual(await counts(), before);
  });
});
