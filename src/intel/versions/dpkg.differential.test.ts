import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import fc from 'fast-check';
import { dpkgComparator } from './dpkg.js';
import { requireOracle } from './oracle.test-support.js';

const PAIRS = 400;

// Small alphabets so that pairs often share prefixes and reach the tricky rules (~, letters vs +, zeros).
const upstreamPiece = fc.constantFrom('0', '1', '2', '9', '10', '01', '00', 'a', 'b', 'Z', 'rc', 'dfsg', '.', '+', '~', '~~', ':');
const revisionPiece = fc.constantFrom('0', '1', '2', '10', '01', 'a', 'deb12u', 'ubuntu', '.', '+', '~');
const version = fc
  .record({
    epoch: fc.constantFrom('', '', '', '0:', '1:', '2:', '10:'),
    upstream: fc.array(upstreamPiece, { maxLength: 6 }),
    revision: fc.option(fc.array(revisionPiece, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    hyphenated: fc.boolean(),
  })
  .map(({ epoch, upstream, revision, hyphenated }) => {
    const head = `1${upstream.join('')}`;
    // Colons in upstream need an epoch; hyphens in upstream need a revision.
    const body = epoch === '' ? head.replaceAll(':', '.') : head;
    const withHyphen = revision !== undefined && hyphenated ? `${body}-1` : body;
    return revision === undefined ? `${epoch}${withHyphen}` : `${epoch}${withHyphen}-0${revision.join('')}`;
  });

function related(base: string): fc.Arbitrary<string> {
  // Near-misses of the other side exercise the rules better than independent strings.
  return fc.constantFrom(base, `${base}~`, `${base}+1`, `${base}.0`, base.replace(/\d$/, '0'), base.replace(/^(\d+:)?/, '1:'));
}

function dpkgOracle(pairs: readonly (readonly [string, string])[]): number[] {
  const script = 'while read -r a b; do if dpkg --compare-versions "$a" lt "$b"; then echo -1; elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done';
  const result = spawnSync('sh', ['-c', script], { input: pairs.map(([a, b]) => `${a} ${b}\n`).join(''), encoding: 'utf8' });
  assert.equal(result.stderr, '', 'dpkg rejected a generated version, so the generator is wrong');
  return result.stdout.trim().split('\n').map(Number);
}

it(`dpkg comparator matches dpkg --compare-versions on ${PAIRS} generated pairs`, (t) => {
  if (!requireOracle(t, 'dpkg', 'apt-get install -y dpkg')) return;
  const pairs = fc.sample(
    fc.oneof(fc.tuple(version, version), version.chain((a) => fc.tuple(fc.constant(a), related(a)))),
    { seed: 1066, numRuns: PAIRS },
  );
  for (const [a, b] of pairs) assert.ok(dpkgComparator.isValid(a) && dpkgComparator.isValid(b), `${a} / ${b} should be valid`);
  const expected = dpkgOracle(pairs);
  assert.equal(expected.length, PAIRS);
  const outcomes = new Set<number>();
  pairs.forEach(([a, b], index) => {
    outcomes.add(expected[index]!);
    assert.equal(dpkgComparator.compare(a, b), expected[index], `dpkg says ${a} vs ${b} is ${expected[index]}`);
  });
  // A generator that only produced one outcome would make the comparison meaningless.
  assert.deepEqual([...outcomes].sort(), [-1, 0, 1]);
});
