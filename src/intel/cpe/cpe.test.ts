import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWardError } from '../../core/errors.js';
import {
  ANY,
  NA,
  compareAttribute,
  compareNames,
  cpeMatches,
  formatCpe,
  isDisjoint,
  isEqual,
  isSubset,
  isSuperset,
  literal,
  parseCpe,
  type CpeValue,
} from './index.js';

const value = (text: string, prefix = '', suffix = ''): CpeValue => ({ kind: 'value', text, prefix, suffix });

describe('parseCpe', () => {
  it('reads each attribute, with ANY and NA as logical values', () => {
    const name = parseCpe('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:x64:*');
    assert.deepEqual(name.part, literal('o'));
    assert.deepEqual(name.vendor, literal('microsoft'));
    assert.deepEqual(name.product, literal('windows_7'));
    assert.deepEqual(name.version, NA);
    assert.deepEqual(name.update, literal('sp1'));
    assert.deepEqual(name.edition, ANY);
    assert.deepEqual(name.targetHw, literal('x64'));
    assert.deepEqual(name.other, ANY);
  });

  const escapes: readonly (readonly [string, 'vendor' | 'product' | 'version', CpeValue])[] = [
    ['cpe:2.3:a:foo\\:bar:big\\$money:*:*:*:*:*:*:*:*', 'vendor', literal('foo:bar')],
    ['cpe:2.3:a:foo\\:bar:big\\$money:*:*:*:*:*:*:*:*', 'product', literal('big$money')],
    ['cpe:2.3:a:hp:insight_diagnostics:7\\.4\\.0\\.1570:-:*:*:online:win2003:x64:*', 'version', literal('7.4.0.1570')],
    ['cpe:2.3:a:acme:tool:1\\\\2:*:*:*:*:*:*:*', 'version', literal('1\\2')],
    ['cpe:2.3:a:acme:tool:\\*:*:*:*:*:*:*:*', 'version', literal('*')],
    ['cpe:2.3:a:acme:tool:\\-:*:*:*:*:*:*:*', 'version', literal('-')],
    ['cpe:2.3:a:acme:tool:2.0\\(beta\\):*:*:*:*:*:*:*', 'version', literal('2.0(beta)')],
    ['cpe:2.3:a:acme:tool:1.*:*:*:*:*:*:*:*', 'version', value('1.', '', '*')],
    ['cpe:2.3:a:acme:*soft:1:*:*:*:*:*:*:*', 'product', value('soft', '*')],
    ['cpe:2.3:a:acme:tool:??1.0?:*:*:*:*:*:*:*', 'version', value('1.0', '??', '?')],
  ];
  for (const [input, attribute, expected] of escapes) {
    it(`keeps escapes and wildcards apart: ${input} → ${attribute}`, () => {
      assert.deepEqual(parseCpe(input)[attribute], expected);
    });
  }

  const broken = [
    'cpe:/a:apache:log4j:2.14.1',
    'cpe:2.3:a:apache:log4j:2.14.1',
    'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*:*',
    'cpe:2.3:x:apache:log4j:2.14.1:*:*:*:*:*:*:*',
    'cpe:2.3:a:apache::2.14.1:*:*:*:*:*:*:*',
    'cpe:2.3:a:apache:lo*g4j:2.14.1:*:*:*:*:*:*:*',
    'cpe:2.3:a:apache:log4j:2.1?4:*:*:*:*:*:*:*',
    'cpe:2.3:a:apache:log4j:**:*:*:*:*:*:*:*',
    'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:\\',
    'cpe:2.3:a:apache:log4j:2 14:*:*:*:*:*:*:*',
  ];
  for (const input of broken) {
    it(`refuses ${JSON.stringify(input)} with INVALID_INPUT`, () => {
      assert.throws(() => parseCpe(input), (error: unknown) => isWardError(error) && error.code === 'INVALID_INPUT');
    });
  }
});

describe('formatCpe', () => {
  const roundTrips = [
    'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*',
    'cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*',
    'cpe:2.3:a:foo\\:bar:big\\$money:*:*:*:*:*:*:*:*',
    'cpe:2.3:a:acme:tool:\\-:*:*:*:*:*:*:*',
    'cpe:2.3:a:acme:tool:1.*:*:*:*:*:*:*:*',
    'cpe:2.3:a:acme:tool:??1.0?:*:*:*:*:*:*:*',
    'cpe:2.3:a:acme:tool:1\\\\2:*:*:*:*:*:*:*',
  ];
  for (const input of roundTrips) {
    it(`binds ${input} back to the same string`, () => assert.equal(formatCpe(parseCpe(input)), input));
  }

  it('quotes characters the formatted string cannot carry bare', () => {
    assert.equal(formatCpe(parseCpe('cpe:2.3:a:hp:insight_diagnostics:7\\.4\\.0\\.1570:-:*:*:*:*:*:*')), 'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:*:*:*:*');
  });
});

describe('compareAttribute (NISTIR 7696 Table 6-2)', () => {
  const wild = value('1.', '', '*');
  const rows: readonly (readonly [string, CpeValue, CpeValue, string])[] = [
    ['1 ANY/ANY', ANY, ANY, 'EQUAL'],
    ['2 ANY/NA', ANY, NA, 'SUPERSET'],
    ['3 ANY/i', ANY, literal('x86'), 'SUPERSET'],
    ['4 ANY/m+wild', ANY, wild, 'UNDEFINED'],
    ['5 NA/ANY', NA, ANY, 'SUBSET'],
    ['6 NA/NA', NA, NA, 'EQUAL'],
    ['7 NA/i', NA, literal('x86'), 'DISJOINT'],
    ['8 NA/m+wild', NA, wild, 'UNDEFINED'],
    ['9 i/ANY', literal('x86'), ANY, 'SUBSET'],
    ['10 i/NA', literal('x86'), NA, 'DISJOINT'],
    ['11 i/i', literal('x86'), literal('X86'), 'EQUAL'],
    ['12 i/k', literal('x86'), literal('x64'), 'DISJOINT'],
    ['13 m+wild/ANY', wild, ANY, 'SUBSET'],
    ['14 m+wild/NA', wild, NA, 'DISJOINT'],
    ['15 m+wild/i matching', wild, literal('1.2'), 'SUPERSET'],
    ['16 m+wild/i not matching', wild, literal('2.1'), 'DISJOINT'],
    ['17 i/m+wild', literal('1.2'), wild, 'UNDEFINED'],
    ['18 m+wild/m+wild', wild, wild, 'UNDEFINED'],
  ];
  for (const [label, source, target, expected] of rows) {
    it(`row ${label} → ${expected}`, () => assert.equal(compareAttribute(source, target), expected));
  }

  it('treats each edge ? as at most one character and * as any run', () => {
    assert.equal(compareAttribute(value('1.0', '?'), literal('11.0')), 'SUPERSET');
    assert.equal(compareAttribute(value('1.0', '?'), literal('1.0')), 'SUPERSET');
    assert.equal(compareAttribute(value('1.0', '?'), literal('111.0')), 'DISJOINT');
    assert.equal(compareAttribute(value('soft', '*'), literal('microsoft')), 'SUPERSET');
    assert.equal(compareAttribute(value('a.b', '', '*'), literal('axb')), 'DISJOINT');
  });
});

describe('name matching', () => {
  const criteria = parseCpe('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*');
  it('a criteria with ANY attributes is a superset of a concrete platform', () => {
    const device = parseCpe('cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:professional:*:x64:*');
    const comparison = compareNames(criteria, device);
    assert.equal(comparison.swEdition, 'SUPERSET');
    assert.ok(isSuperset(comparison) && !isEqual(comparison) && !isDisjoint(comparison));
    assert.ok(cpeMatches(criteria, device));
  });

  it('a different service pack or product is disjoint', () => {
    assert.ok(isDisjoint(compareNames(criteria, parseCpe('cpe:2.3:o:microsoft:windows_7:-:-:*:*:*:*:*:*'))));
    assert.ok(!cpeMatches(criteria, parseCpe('cpe:2.3:o:microsoft:windows_8:-:*:*:*:*:*:*:*')));
  });

  it('an unknown device attribute is SUBSET: a match only when asked to allow it', () => {
    const vague = parseCpe('cpe:2.3:o:microsoft:windows_7:-:*:*:*:*:*:*:*');
    assert.ok(isSubset(compareNames(criteria, vague)));
    assert.ok(!cpeMatches(criteria, vague));
    assert.ok(cpeMatches(criteria, vague, { allowSubset: true }));
  });

  it('identical names are EQUAL, and skip leaves an attribute out', () => {
    assert.ok(isEqual(compareNames(criteria, criteria)));
    const log4jRange = parseCpe('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*');
    const log4j = parseCpe('cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*');
    assert.ok(cpeMatches(log4jRange, log4j));
    assert.ok(!cpeMatches(parseCpe('cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*'), log4j));
    assert.ok(cpeMatches(parseCpe('cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*'), log4j, { skip: ['version'] }));
  });
});
