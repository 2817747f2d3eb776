import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dpkgComparator } from './dpkg.js';

/**
 * Comparison vectors: the __DATA__ table of dpkg's scripts/t/Dpkg_Version.t
 * (guillemj/dpkg, commit dd0f24f2edd15342fbd5fedbfd2c269c71406315), values only.
 */
const dpkgVersionTable: readonly (readonly [string, string, -1 | 0 | 1])[] = [
  ['1.0-1', '2.0-2', -1],
  ['2.2~rc-4', '2.2-1', -1],
  ['2.2-1', '2.2~rc-4', 1],
  ['1.0000-1', '1.0-1', 0],
  ['1', '0:1', 0],
  ['0', '0:0-0', 0],
  ['2:2.5', '1:7.5', 1],
  ['1:0foo', '0foo', 1],
  ['0:0foo', '0foo', 0],
  ['0foo', '0foo', 0],
  ['0foo-', '0foo', 0],
  ['0foo-', '0foo-0', 0],
  ['0foo', '0fo', 1],
  ['0foo-', '0foo+', -1],
  ['0foo~1', '0foo', -1],
  ['0foo~foo+Bar', '0foo~foo+bar', -1],
  ['0foo~~', '0foo~', -1],
  ['1~', '1', -1],
  ['12345+that-really-is-some-ver-0', '12345+that-really-is-some-ver-10', -1],
  ['0foo-0', '0foo-01', -1],
  ['0foo.bar', '0foobar', 1],
  ['0foo.bar', '0foo1bar', 1],
  ['0foo.bar', '0foo0bar', 1],
  ['0foo1bar-1', '0foobar-1', -1],
  ['0foo2.0', '0foo2', 1],
  ['0foo2.0.0', '0foo2.10.0', -1],
  ['0foo2.0', '0foo2.0.0', -1],
  ['0foo2.0', '0foo2.10', -1],
  ['0foo2.1', '0foo2.10', -1],
  ['1.09', '1.9', 0],
  ['1.0.8+nmu1', '1.0.8', 1],
  ['3.11', '3.10+nmu1', 1],
  ['0.9j-20080306-4', '0.9i-20070324-2', 1],
  ['1.2.0~b7-1', '1.2.0~b6-1', 1],
  ['1.011-1', '1.06-2', 1],
  ['0.0.9+dfsg1-1', '0.0.8+dfsg1-3', 1],
  ['4.6.99+svn6582-1', '4.6.99+svn6496-1', 1],
  ['53', '52', 1],
  ['0.9.9~pre122-1', '0.9.9~pre111-1', 1],
  ['2:2.3.2-2+lenny2', '2:2.3.2-2', 1],
  ['1:3.8.1-1', '3.8.GA-1', 1],
  ['1.0.1+gpl-1', '1.0.1-2', 1],
  ['1a', '1000a', -1],
  ['-0.6.5', '0.9.1', -1],
];

/**
 * Comparison vectors of lib/dpkg/t/t-version.c test_version_compare (guillemj/dpkg, commit
 * 0d609e2c8c0070310b531d2d470f79044121bea8), written as version strings epoch:upstream-revision.
 */
const libdpkgCompare: readonly (readonly [string, string, -1 | 0 | 1])[] = [
  ['0:1-1', '0:2-1', -1],
  ['0:1-1', '0:1-2', -1],
  ['0:0-0', '0:0-0', 0],
  ['0:0-00', '0:00-0', 0],
  ['1:2-3', '1:2-3', 0],
  ['0:0-0', '1:0-0', -1],
  ['0:a-0', '0:b-0', -1],
  ['0:0-a', '0:0-b', -1],
];

// Syntax vectors of the same t-version.c (test_version_parse).
const validSyntax = ['0', '0:0', '0:0-0', '0:0.0-0.0', '1:0', '5:1', '0:0-0-0', '0:0-0-0-0', '0:0:0-0', '0:0:0:0-0',
  '0:0:0-0-0', '0:0-0:0-0', '0:09azAZ.-+~:-0', '0:0-azAZ09.+~', '  \t0:0-1', '0:0-1\t  ', '\t  0:0-1  \t'];
const invalidSyntax = ['', '  ', '0:', '0:0 0-1', '-1:0-1', '999999999999999999999999:0-1', 'a:0-0', 'A:0-0', '-0',
  '0:-0', '0:abc3-0', '0:0-0:0',
  ...Array.from('!#@$%&/|\\<>()[]{};,_=*^\'', (ch) => `0:0${ch}-0`),
  ...Array.from('!#@$%&/|\\<>()[]{}:;,_=*^\'', (ch) => `0:0-${ch}`)];

describe('dpkg comparator', () => {
  for (const [table, name] of [[dpkgVersionTable, 'Dpkg_Version.t'], [libdpkgCompare, 't-version.c']] as const) {
    it(`agrees with every vector of ${name} (both directions)`, () => {
      for (const [a, b, expected] of table) {
        assert.equal(dpkgComparator.compare(a, b), expected, `${a} vs ${b}`);
        assert.equal(dpkgComparator.compare(b, a), -expected || 0, `${b} vs ${a}`);
      }
    });
  }

  it('accepts the syntax dpkg accepts', () => {
    for (const version of validSyntax) assert.equal(dpkgComparator.isValid(version), true, JSON.stringify(version));
  });

  it('rejects the syntax dpkg rejects or warns about', () => {
    for (const version of invalidSyntax) assert.equal(dpkgComparator.isValid(version), false, JSON.stringify(version));
  });

  it('orders the Debian security-update suffixes numerically', () => {
    assert.equal(dpkgComparator.compare('2.36-9+deb12u4', '2.36-9+deb12u10'), -1);
    assert.equal(dpkgComparator.compare('3.0.11-1~deb12u2', '3.0.11-1'), -1);
  });
});
