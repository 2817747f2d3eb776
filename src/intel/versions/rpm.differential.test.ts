import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import fc from 'fast-check';
import { rpmComparator } from './rpm.js';
import { requireOracle } from './oracle.test-support.js';

const PAIRS = 400;

const piece = fc.constantFrom('0', '1', '2', '10', '01', '007', 'a', 'b', 'rc', 'git', 'el9', '.', '_', '+', '~', '^', '.');
const part = fc.array(piece, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join(''));
const evr = fc
  .record({
    epoch: fc.constantFrom('', '', '', '0:', '1:', '2:'),
    version: part,
    release: fc.option(part, { nil: undefined }),
  })
  .map(({ epoch, version, release }) => `${epoch}1${version}${release === undefined ? '' : `-${release}`}`);

function related(base: string): fc.Arbitrary<string> {
  return fc.constantFrom(base, `${base}~1`, `${base}^1`, `${base}.0`, `${base}-1`, base.replace(/\d$/, '0'), `1:${base.replace(/^\d+:/, '')}`);
}

function rpmOracle(pairs: readonly (readonly [string, string])[]): number[] {
  // One rpm process for all pairs. Lua long brackets need no escaping for these alphabets, and
  // print() inside a macro does not add a newline.
  const calls = pairs.map(([a, b]) => `print(rpm.vercmp([[${a}]], [[${b}]]) .. "\\n")`).join(' ');
  const result = spawnSync('rpm', ['--eval', `%{lua: ${calls}}`], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().split('\n').map(Number);
}

it(`rpm comparator matches rpm.vercmp on ${PAIRS} generated pairs`, (t) => {
  if (!requireOracle(t, 'rpm', 'apt-get install -y --no-install-recommends rpm')) return;
  const pairs = fc.sample(fc.oneof(fc.tuple(evr, evr), evr.chain((a) => fc.tuple(fc.constant(a), related(a)))), {
    seed: 1517,
    numRuns: PAIRS,
  });
  const expected = rpmOracle(pairs);
  assert.equal(expected.length, PAIRS);
  const outcomes = new Set<number>();
  pairs.forEach(([a, b], index) => {
    outcomes.add(expected[index]!);
    assert.equal(rpmComparator.compare(a, b), expected[index], `rpm says ${a} vs ${b} is ${expected[index]}`);
  });
  assert.deepEqual([...outcomes].sort(), [-1, 0, 1]);
});
