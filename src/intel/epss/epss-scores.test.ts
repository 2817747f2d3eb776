import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { isWardError } from '../../core/errors.js';
import { readEpssCsv } from './epss-scores.js';

const testdata = new URL('../testdata/epss/', import.meta.url);
const daily = readFileSync(new URL('constructed-first-daily-shape.csv', testdata), 'utf8');
const kevEpss = gunzipSync(readFileSync(new URL('kev-epss-cvss-2026-08-22.csv.gz', testdata))).toString('utf8');
const invalid = (pattern: RegExp) => (error: unknown) => isWardError(error) && error.code === 'INVALID_INPUT' && pattern.test(error.message);

describe('readEpssCsv, FIRST daily shape', () => {
  it('keeps the model version and score date of the comment line and reads the rows', () => {
    const file = readEpssCsv(daily);
    assert.equal(file.shape, 'first-daily');
    assert.equal(file.modelVersion, 'v2025.03.14');
    assert.equal(file.scoreDate, '2026-08-22T00:00:00+0000');
    assert.equal(file.scores.length, 5);
    assert.deepEqual(file.scores.find((s) => s.cve === 'CVE-2021-44228'), { cve: 'CVE-2021-44228', epss: 0.99999, percentile: 1 });
  });

  it('accepts CRLF line ends and scientific notation', () => {
    const file = readEpssCsv('#model_version:v2023.03.01,score_date:2024-01-15T00:00:00+0000\r\ncve,epss,percentile\r\nCVE-2021-40438,5e-05,0.02318\r\n');
    assert.equal(file.modelVersion, 'v2023.03.01');
    assert.equal(file.scores[0]?.epss, 0.00005);
  });

  it('reports the line of a bad row', () => {
    assert.throws(() => readEpssCsv(`${daily}CVE-2024-0001,1.5,0.2\n`), invalid(/line 8: epss must be a number from 0 to 1, got "1\.5"/));
    assert.throws(() => readEpssCsv(`${daily}NOT-A-CVE,0.1,0.2\n`), invalid(/line 8: not a CVE id/));
    assert.throws(() => readEpssCsv(`${daily}CVE-2024-0001,,0.2\n`), invalid(/line 8: epss must be/));
  });

  it('refuses a file whose header is not an EPSS header (the comment line read as the header)', () => {
    assert.throws(() => readEpssCsv('model_version:v2025.03.14,score_date:x\ncve,epss,percentile\n'), invalid(/line 1: expected header/));
    assert.throws(() => readEpssCsv('#score_date:2026-01-01\ncve,epss,percentile\nCVE-2021-44228,0.9,0.9\n'), invalid(/no model_version/));
  });
});

describe('readEpssCsv, KEV_EPSS combined shape (real file, 2026-08-22)', () => {
  const file = readEpssCsv(kevEpss, 'epss_kev_nvd.csv');
  it('reads all 1,556 rows, quoted descriptions included, with CVSS3 where present', () => {
    assert.equal(file.shape, 'kev-epss');
    assert.equal(file.modelVersion, undefined);
    assert.equal(file.scores.length, 1556);
    assert.deepEqual(file.scores.find((s) => s.cve === 'CVE-2017-0144'), { cve: 'CVE-2017-0144', epss: 0.9923, percentile: 0.99933, cvss3: 8.8 });
    assert.equal(file.scores.filter((s) => s.cvss3 === undefined).length, 4);
  });
});
