import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { isWardError } from '../../core/errors.js';
import { parseKevCatalog, readKevCatalog } from './kev-catalog.js';

const text = gunzipSync(readFileSync(new URL('../testdata/kev/known_exploited_vulnerabilities.json.gz', import.meta.url))).toString('utf8');
const invalid = (pattern: RegExp) => (error: unknown) => isWardError(error) && error.code === 'INVALID_INPUT' && pattern.test(error.message);

describe('readKevCatalog on the real catalogue (2026.08.21)', () => {
  const catalog = parseKevCatalog(text);

  it('reads the header and all 1,674 entries without warnings', () => {
    assert.equal(catalog.catalogVersion, '2026.08.21');
    assert.equal(catalog.dateReleased, '2026-08-21T17:46:43.6019Z');
    assert.equal(catalog.count, 1674);
    assert.equal(catalog.entries.length, 1674);
    assert.deepEqual(catalog.warnings, []);
    assert.equal(catalog.entries.filter((e) => e.knownRansomwareCampaignUse === 'Known').length, 352);
  });

  it('holds the MS17-010 and Log4Shell entries with their real dates', () => {
    const byId = new Map(catalog.entries.map((e) => [e.cveID, e]));
    const eternalBlue = byId.get('CVE-2017-0144');
    assert.deepEqual(
      eternalBlue && [eternalBlue.vendorProject, eternalBlue.product, eternalBlue.dateAdded, eternalBlue.dueDate, eternalBlue.knownRansomwareCampaignUse, eternalBlue.cwes],
      ['Microsoft', 'SMBv1', '2022-02-10', '2022-08-10', 'Known', ['CWE-20']],
    );
    assert.equal(byId.get('CVE-2017-0143')?.dateAdded, '2021-11-03');
    assert.equal(byId.get('CVE-2021-44228')?.dueDate, '2021-12-24');
  });
});

describe('readKevCatalog on malformed input', () => {
  const document = JSON.parse(text) as { count: number; vulnerabilities: Record<string, unknown>[] };

  it('names the entry index, CVE and field of a bad entry', () => {
    const broken = structuredClone(document);
    const entry = broken.vulnerabilities[7];
    assert.ok(entry);
    entry.dueDate = '24/08/2026';
    assert.throws(() => readKevCatalog(broken, 'kev.json'), invalid(/kev\.json: vulnerabilities\[7\] \(CVE-\d{4}-\d+\): dueDate: must be YYYY-MM-DD/));
  });

  it('refuses a document without the catalogue header, and text that is not JSON', () => {
    assert.throws(() => readKevCatalog({ vulnerabilities: [] }), invalid(/not a KEV catalogue: catalogVersion/));
    assert.throws(() => readKevCatalog([]), invalid(/not a KEV catalogue/));
    assert.throws(() => parseKevCatalog(text.slice(0, 1000)), invalid(/not valid JSON/));
  });

  it('warns, without failing, when count disagrees with the entries', () => {
    const short = { ...document, vulnerabilities: document.vulnerabilities.slice(0, 10) };
    assert.deepEqual(readKevCatalog(short).warnings, ['KEV catalogue: count says 1674 but 10 entries were read']);
  });
});
