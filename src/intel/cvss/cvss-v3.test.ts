import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cvssV3BaseScore } from './cvss-v3.js';

/** Red Hat's published vectors: `VECTOR - (base, temporal, environmental)`. */
function vectors(file: string): { vector: string; base: number }[] {
  return readFileSync(new URL(`./testdata/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [vector = '', scores = ''] = line.split(' - ');
      return { vector, base: Number(scores.replace(/[()]/g, '').split(',')[0]) };
    });
}

describe('CVSS v3 base score from a vector', () => {
  for (const file of ['vectors_simple3.txt', 'vectors_simple31.txt']) {
    it(`agrees with every published base score in ${file}`, () => {
      const all = vectors(file);
      assert.equal(all.length, 2592);
      const wrong = all.filter((v) => cvssV3BaseScore(v.vector) !== v.base);
      assert.deepEqual(wrong.slice(0, 5), []);
    });
  }

  it('refuses what is not a v3 base vector rather than guessing', () => {
    for (const text of ['', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'AV:N/AC:L/Au:N/C:C/I:C/A:C', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H${'/E:X'.repeat(100)}`]) {
      assert.equal(cvssV3BaseScore(text), undefined, text.slice(0, 60));
    }
  });

  it('reads v3.1 with temporal metrics by its base alone (the 14-day rule uses the base score)', () => {
    assert.equal(cvssV3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U'), 9.8);
  });
});
