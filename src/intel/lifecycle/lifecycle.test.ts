import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isWardError } from '../../core/errors.js';
import { readEndoflifeApi } from './read-endoflife-api.js';
import { readProductPage } from './read-product-page.js';
import { supportStatus } from './support-status.js';

const page = (name: string): string => readFileSync(new URL(`../testdata/endoflife/${name}`, import.meta.url), 'utf8');
const invalid = (pattern: RegExp) => (error: unknown) => isWardError(error) && error.code === 'INVALID_INPUT' && pattern.test(error.message);

const windows = readProductPage(page('windows.md'), 'windows.md');
const windowsServer = readProductPage(page('windows-server.md'), 'windows-server.md');
const log4j = readProductPage(page('log4j.md'), 'log4j.md');

describe('readProductPage on real endoflife.date pages', () => {
  it('reads every release of windows.md with its milestones', () => {
    assert.equal(windows.length, 47);
    assert.deepEqual(windows.find((r) => r.cycle === '10-22h2'), {
      cycle: '10-22h2',
      label: '10 22H2',
      releaseDate: '2022-10-18',
      support: '2025-10-14',
      eol: '2025-10-14',
      extendedSupport: '2028-10-10',
      lts: false,
      latest: '10.0.19045',
    });
  });

  it('reads booleans, quoted values and trailing comments (log4j.md)', () => {
    const current = log4j.find((r) => r.cycle === '2');
    assert.equal(current?.eol, false);
    assert.equal(current?.latest, '2.26.1');
    assert.equal(log4j.find((r) => r.cycle === '2.12')?.eol, '2021-12-14');
  });

  it('refuses pages without front matter or releases, and nested values', () => {
    assert.throws(() => readProductPage('# Windows\n'), invalid(/no YAML front matter/));
    assert.throws(() => readProductPage('---\ntitle: x\n---\n'), invalid(/no releases list/));
    assert.throws(() => readProductPage('---\nreleases:\n  - releaseCycle: "1"\n      nested: 2\n---\n', 'bad.md'), invalid(/bad\.md: line 4: not a flat release field/));
    assert.throws(() => readProductPage('---\nreleases:\n  - releaseCycle: "1"\n    eol: soon\n---\n'), invalid(/release 1: eol must be a date or true\/false/));
  });
});

describe('supportStatus (real lifecycle dates)', () => {
  it('Windows 10 22H2: supported until 2025-10-14, then unsupported unless ESU', () => {
    assert.deepEqual(supportStatus(windows, '10-22h2', '2025-10-13'), { status: 'supported', cycle: '10-22h2', until: '2025-10-14' });
    assert.deepEqual(supportStatus(windows, '10-22h2', '2025-10-14'), { status: 'supported', cycle: '10-22h2', until: '2025-10-14' });
    assert.deepEqual(supportStatus(windows, '10-22h2', '2025-10-15'), { status: 'unsupported', cycle: '10-22h2', since: '2025-10-14' });
    assert.deepEqual(supportStatus(windows, '10-22h2', '2026-03-01', { extendedSupport: true }), { status: 'extended', cycle: '10-22h2', until: '2028-10-10' });
    assert.deepEqual(supportStatus(windows, '10-22h2', '2028-10-10', { extendedSupport: true }), { status: 'extended', cycle: '10-22h2', until: '2028-10-10' });
    assert.deepEqual(supportStatus(windows, '10-22h2', '2028-10-11', { extendedSupport: true }), { status: 'unsupported', cycle: '10-22h2', since: '2028-10-10' });
  });

  it('Windows 7 SP1: security-only between mainstream and extended end, then unsupported (no ESU date in the data)', () => {
    assert.equal(supportStatus(windows, '7-sp1', '2016-06-01').status, 'security-only');
    assert.deepEqual(supportStatus(windows, '7-sp1', '2021-01-01', { extendedSupport: true }), { status: 'unsupported', cycle: '7-sp1', since: '2020-01-14' });
  });

  it('Server 2012 R2 with ESU is extended until 2026-10-13', () => {
    assert.deepEqual(supportStatus(windowsServer, '2012-r2', '2026-01-01', { extendedSupport: true }), { status: 'extended', cycle: '2012-r2', until: '2026-10-13' });
    assert.deepEqual(supportStatus(windowsServer, '2012-r2', '2026-01-01'), { status: 'unsupported', cycle: '2012-r2', since: '2023-10-10' });
  });

  it('maps a full version to its cycle, and boolean eol false to supported', () => {
    assert.deepEqual(supportStatus(log4j, '2.12.4', '2026-01-01'), { status: 'unsupported', cycle: '2.12', since: '2021-12-14' });
    assert.deepEqual(supportStatus(log4j, '2.25.3', '2026-01-01'), { status: 'supported', cycle: '2', until: undefined });
    assert.throws(() => supportStatus(log4j, '3.0.0', '2026-01-01'), invalid(/No release cycle matches version 3\.0\.0/));
    assert.throws(() => supportStatus(log4j, '2.25.3', '01/01/2026'), invalid(/asOf must be YYYY-MM-DD/));
  });
});

// The corpus holds no API responses; these two documents are CONSTRUCTED in the documented v0 and
// v1 shapes (DOMAIN.md §6.8) with the real windows.md values of the 10-22h2 release.
describe('readEndoflifeApi (constructed v0 and v1 documents)', () => {
  const v0 = [{ cycle: '10-22h2', releaseLabel: '10 22H2', releaseDate: '2022-10-18', support: '2025-10-14', eol: '2025-10-14', extendedSupport: '2028-10-10', lts: false, latest: '10.0.19045' }];
  const v1 = {
    schema_version: '1.2.1',
    result: {
      name: 'windows',
      releases: [
        { name: '10-22h2', label: '10 22H2', releaseDate: '2022-10-18', isLts: false, ltsFrom: null, isEoas: true, eoasFrom: '2025-10-14', isEol: true, eolFrom: '2025-10-14', isEoes: false, eoesFrom: '2028-10-10', isMaintained: true, latest: { name: '10.0.19045', date: null } },
      ],
    },
  };

  it('reads both shapes to the same release as the product page', () => {
    const fromPage = windows.find((r) => r.cycle === '10-22h2');
    assert.deepEqual(readEndoflifeApi(v0), [fromPage]);
    assert.deepEqual(readEndoflifeApi(v1), [fromPage]);
  });

  it('names the field of a malformed release', () => {
    assert.throws(() => readEndoflifeApi([{ cycle: '1', eol: 'never' }], 'api.json'), invalid(/api\.json \(v0\): 0\.eol/));
    assert.throws(() => readEndoflifeApi({ result: { releases: [{ name: 'x' }] } }, 'api.json'), invalid(/api\.json \(v1\): result\.releases\.0\.isLts/));
  });
});
