import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { apkComparator, compareApk } from './apk.js';
import { comparatorFor } from './index.js';

const symbol = { '<': -1, '=': 0, '>': 1 } as const;

/** Lines of apk-tools' test/version.data kept in testdata (see SOURCES.md): `A op B [# note]`. */
function vectors(): { a: string; b: string; expected: -1 | 0 | 1; line: number }[] {
  const text = readFileSync(new URL('../testdata/versions/apk-version.data', import.meta.url), 'utf8');
  return text.split('\n').flatMap((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return [];
    const [a, op, b] = line.split(/\s+/);
    if (!a || !b || (op !== '<' && op !== '=' && op !== '>')) throw new Error(`line ${index + 1}: ${raw}`);
    return [{ a, b, expected: symbol[op], line: index + 1 }];
  });
}

describe('apk comparator', () => {
  it('agrees with every vector taken from apk-tools test/version.data, both ways round', () => {
    const all = vectors();
    assert.equal(all.length, 91);
    for (const { a, b, expected, line } of all) {
      assert.equal(compareApk(a, b), expected, `line ${line}: ${a} vs ${b}`);
      assert.equal(compareApk(b, a), expected === 0 ? 0 : -expected, `line ${line} reversed: ${b} vs ${a}`);
    }
  });

  it('orders Alpine security-fix revisions the way the secdb and OSV records need', () => {
    assert.equal(compareApk('3.1.4-r5', '3.1.4-r6'), -1);
    assert.equal(compareApk('3.1.4-r10', '3.1.4-r6'), 1);
    assert.equal(compareApk('1.36.1-r0', '1.36.1-r15'), -1);
    assert.equal(compareApk('3.3.0_rc1-r0', '3.3.0-r0'), -1);
  });

  it('is the comparator registered for the apk scheme, and says which strings are well formed', () => {
    assert.equal(comparatorFor('apk'), apkComparator);
    assert.ok(apkComparator.isValid('1.2.3_rc1-r0'));
    assert.ok(apkComparator.isValid('2.12r-r4'));
    assert.ok(!apkComparator.isValid('1.0bc'));
    assert.ok(!apkComparator.isValid('23_foo'));
  });
});
