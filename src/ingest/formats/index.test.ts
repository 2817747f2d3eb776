import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isWardError } from '../../core/errors.js';
import type { EvidenceFormat } from '../evidence-format.js';
import { buildFormatRegistry, evidenceFormats } from './index.js';
import { parseFile, testdata } from './format-test-support.js';

/** Broken fixtures are named for it, so the registry test knows which files must be refused. */
const isBroken = (name: string) => /^(broken|invalid)-/.test(name);

function fixturesOf(format: EvidenceFormat): { real: string[]; broken: string[] } {
  const folder = fileURLToPath(new URL(`${format.id}/`, testdata));
  const files = readdirSync(folder).sort();
  return { real: files.filter((f) => !isBroken(f)), broken: files.filter(isBroken) };
}

test('the registry is sorted by id and refuses a duplicate id', () => {
  const ids = evidenceFormats.map((f) => f.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.ok(ids.length >= 4);
  const [first] = evidenceFormats;
  assert.ok(first);
  assert.throws(() => buildFormatRegistry([first, ...evidenceFormats]), new RegExp(`"${first.id}" is registered twice`));
});

test('every registered format has real fixtures that parse and broken ones that are refused', async () => {
  for (const format of evidenceFormats) {
    const { real, broken } = fixturesOf(format);
    assert.ok(real.length > 0, `${format.id}: no real fixture in testdata/${format.id}/`);
    assert.ok(broken.length > 0, `${format.id}: no broken fixture (broken-*) in testdata/${format.id}/`);
    // Real scanners write empty reports too (no hosts up): each real file must parse, and at least
    // one must yield evidence.
    let withEvidence = 0;
    for (const file of real) {
      const records = await parseFile(format, `${format.id}/${file}`);
      if (records.some((r) => r.kind !== 'warning')) withEvidence += 1;
    }
    assert.ok(withEvidence > 0, `${format.id}: no real fixture yields evidence`);
    for (const file of broken) {
      await assert.rejects(parseFile(format, `${format.id}/${file}`), (error: unknown) => isWardError(error) && error.code === 'INGEST_UNREADABLE' && error.message.includes(file), `${format.id}/${file} is refused`);
    }
  }
});
