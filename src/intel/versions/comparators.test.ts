import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { comparatorFor, type VersionScheme } from './index.js';

type Vector = readonly [string, string, -1 | 0 | 1];

function check(scheme: VersionScheme, vectors: readonly Vector[]): void {
  const comparator = comparatorFor(scheme);
  for (const [a, b, expected] of vectors) {
    assert.equal(comparator.compare(a, b), expected, `${scheme}: ${a} vs ${b}`);
    assert.equal(comparator.compare(b, a), -expected || 0, `${scheme}: ${b} vs ${a}`);
  }
}

describe('generic (NVD range) comparator', () => {
  it('orders the versions real NVD ranges are written in', () => {
    check('generic', [
      ['2.14.1', '2.15.0', -1], // Log4Shell: versionEndExcluding 2.15.0
      ['2.9', '2.10', -1],
      ['2.15', '2.15.0', 0],
      ['1.0.1f', '1.0.1g', -1], // Heartbleed: versionEndExcluding 1.0.1g
      ['1.0.1', '1.0.1f', -1],
      ['1.0.1g', '1.0.2', -1],
      ['1.0.2-beta1', '1.0.2', -1],
      ['1.0.2-beta1', '1.0.2-beta2', -1],
      ['1.0.2-beta3', '1.0.2-rc1', -1],
      ['2.0-alpha1', '2.0-beta9', -1],
      ['4.0', '4.0e', -1], // Siemens firmware range [4.0, 4.0e]
      ['5.5', '5.5p1', -1],
      ['1.0.beta', '1.0.1', -1],
      ['10.0.19045.4291', '10.0.19045.3803', 1],
      ['4.16.2.1', '4.16.2', 1],
      ['01.2', '1.2', 0],
      ['2.0.0', '2', 0],
    ]);
  });

  it('validates version-like strings only', () => {
    const comparator = comparatorFor('generic');
    for (const version of ['2.14.1', '1.0.1f', '1.0.2-beta1', '10.0.19045.4291', '2_0']) assert.ok(comparator.isValid(version), version);
    for (const version of ['', '*', '-', 'beta', '1..2', '1.0 beta']) assert.ok(!comparator.isValid(version), version);
  });
});

describe('windows build comparator', () => {
  it('compares the four-part tuple numerically, never as semver', () => {
    check('windows', [
      ['10.0.19045.4291', '10.0.19045.3803', 1],
      ['10.0.19045.4291', '10.0.19045.10000', -1],
      ['10.0.19045', '10.0.19045.0', 0],
      ['10.0.19045', '10.0.19045.1', -1],
      ['6.1.7601.23689', '6.1.7601.23677', 1],
      ['6.3.9600.18604', '10.0.10240.17319', -1],
      ['10.0.22631.5472', '10.0.26100.4349', -1],
    ]);
  });

  it('rejects what is not a dotted build and ranks it lowest', () => {
    const comparator = comparatorFor('windows');
    assert.ok(!comparator.isValid('10.0.19045.4291.1'));
    assert.ok(!comparator.isValid('22H2'));
    assert.equal(comparator.compare('22H2', '6.1.7601.0'), -1);
  });
});

describe('semver comparator', () => {
  it('follows SemVer 2.0 precedence', () => {
    check('semver', [
      ['1.0.0-alpha', '1.0.0-alpha.1', -1],
      ['1.0.0-alpha.beta', '1.0.0-beta', -1],
      ['1.0.0-rc.1', '1.0.0', -1],
      ['1.0.0+build.1', '1.0.0+build.2', 0],
      ['2.14.1', '2.15.0', -1],
    ]);
    assert.ok(!comparatorFor('semver').isValid('10.0.19045.4291'));
  });
});

describe('every comparator is a total order on its own versions', () => {
  const versionPiece = fc.constantFrom('0', '1', '2', '9', '10', '01', 'a', 'b', 'rc', 'beta', '.', '-', '~', '+', '^', '_');
  const version = fc.array(versionPiece, { minLength: 1, maxLength: 7 }).map((pieces) => `1${pieces.join('')}`);
  for (const scheme of ['generic', 'dpkg', 'rpm', 'semver', 'windows'] as const) {
    it(`${scheme}: reflexive, antisymmetric and transitive`, () => {
      const comparator = comparatorFor(scheme);
      fc.assert(
        fc.property(version, version, version, (a, b, c) => {
          assert.equal(comparator.compare(a, a), 0);
          assert.equal(comparator.compare(a, b), -comparator.compare(b, a) || 0);
          if (comparator.compare(a, b) <= 0 && comparator.compare(b, c) <= 0) assert.ok(comparator.compare(a, c) <= 0, `${a} ${b} ${c}`);
        }),
        { seed: 20260314, numRuns: 2000 },
      );
    });
  }
});
