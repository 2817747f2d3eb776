import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rpmComparator, rpmvercmp } from './rpm.js';

/**
 * Every active RPMVERCMP(a, b, expected) vector of rpm's tests/rpmvercmp.at
 * (rpm-software-management/rpm, commit 7f3fdf6868d72fbdef3386345ff39b3744fa4b14), values only.
 * The commented-out "oddities" block of that file is left out on purpose.
 */
const rpmvercmpAt: readonly (readonly [string, string, -1 | 0 | 1])[] = [
  ['1.0', '1.0', 0], ['1.0', '2.0', -1], ['2.0', '1.0', 1],
  ['2.0.1', '2.0.1', 0], ['2.0', '2.0.1', -1], ['2.0.1', '2.0', 1],
  ['2.0.1a', '2.0.1a', 0], ['2.0.1a', '2.0.1', 1], ['2.0.1', '2.0.1a', -1],
  ['5.5p1', '5.5p1', 0], ['5.5p1', '5.5p2', -1], ['5.5p2', '5.5p1', 1],
  ['5.5p10', '5.5p10', 0], ['5.5p1', '5.5p10', -1], ['5.5p10', '5.5p1', 1],
  ['10xyz', '10.1xyz', -1], ['10.1xyz', '10xyz', 1],
  ['xyz10', 'xyz10', 0], ['xyz10', 'xyz10.1', -1], ['xyz10.1', 'xyz10', 1],
  ['xyz.4', 'xyz.4', 0], ['xyz.4', '8', -1], ['8', 'xyz.4', 1], ['xyz.4', '2', -1], ['2', 'xyz.4', 1],
  ['5.5p2', '5.6p1', -1], ['5.6p1', '5.5p2', 1],
  ['5.6p1', '6.5p1', -1], ['6.5p1', '5.6p1', 1],
  ['6.0.rc1', '6.0', 1], ['6.0', '6.0.rc1', -1],
  ['10b2', '10a1', 1], ['10a2', '10b2', -1],
  ['1.0aa', '1.0aa', 0], ['1.0a', '1.0aa', -1], ['1.0aa', '1.0a', 1],
  ['10.0001', '10.0001', 0], ['10.0001', '10.1', 0], ['10.1', '10.0001', 0], ['10.0001', '10.0039', -1], ['10.0039', '10.0001', 1],
  ['4.999.9', '5.0', -1], ['5.0', '4.999.9', 1],
  ['20101121', '20101121', 0], ['20101121', '20101122', -1], ['20101122', '20101121', 1],
  ['2_0', '2_0', 0], ['2.0', '2_0', 0], ['2_0', '2.0', 0],
  ['a', 'a', 0], ['a+', 'a+', 0], ['a+', 'a_', 0], ['a_', 'a+', 0], ['+a', '+a', 0], ['+a', '_a', 0], ['_a', '+a', 0],
  ['+_', '+_', 0], ['_+', '+_', 0], ['_+', '_+', 0], ['+', '_', 0], ['_', '+', 0],
  ['1.0~rc1', '1.0~rc1', 0], ['1.0~rc1', '1.0', -1], ['1.0', '1.0~rc1', 1], ['1.0~rc1', '1.0~rc2', -1], ['1.0~rc2', '1.0~rc1', 1],
  ['1.0~rc1~git123', '1.0~rc1~git123', 0], ['1.0~rc1~git123', '1.0~rc1', -1], ['1.0~rc1', '1.0~rc1~git123', 1],
  ['1.0^', '1.0^', 0], ['1.0^', '1.0', 1], ['1.0', '1.0^', -1],
  ['1.0^git1', '1.0^git1', 0], ['1.0^git1', '1.0', 1], ['1.0', '1.0^git1', -1],
  ['1.0^git1', '1.0^git2', -1], ['1.0^git2', '1.0^git1', 1], ['1.0^git1', '1.01', -1], ['1.01', '1.0^git1', 1],
  ['1.0^20160101', '1.0^20160101', 0], ['1.0^20160101', '1.0.1', -1], ['1.0.1', '1.0^20160101', 1],
  ['1.0^20160101^git1', '1.0^20160101^git1', 0], ['1.0^20160102', '1.0^20160101^git1', 1], ['1.0^20160101^git1', '1.0^20160102', -1],
  ['1.0~rc1^git1', '1.0~rc1^git1', 0], ['1.0~rc1^git1', '1.0~rc1', 1], ['1.0~rc1', '1.0~rc1^git1', -1],
  ['1.0^git1~pre', '1.0^git1~pre', 0], ['1.0^git1', '1.0^git1~pre', 1], ['1.0^git1~pre', '1.0^git1', -1],
];

describe('rpm comparator', () => {
  it(`agrees with all ${rpmvercmpAt.length} vectors of rpm's rpmvercmp.at`, () => {
    assert.equal(rpmvercmpAt.length, 91);
    for (const [a, b, expected] of rpmvercmpAt) {
      assert.equal(rpmvercmp(a, b), expected, `rpmvercmp(${a}, ${b})`);
      // The same strings have no epoch or release, so the EVR comparison must agree.
      assert.equal(rpmComparator.compare(a, b), expected, `compare(${a}, ${b})`);
    }
  });

  it('compares epoch first and release last', () => {
    assert.equal(rpmComparator.compare('1:1.0-1', '2.0-1'), 1);
    assert.equal(rpmComparator.compare('0:1.0', '1.0'), 0);
    assert.equal(rpmComparator.compare('1.0-2.el9', '1.0-10.el9'), -1);
    assert.equal(rpmComparator.compare('1.0-~1', '1.0'), 1);
  });
});
