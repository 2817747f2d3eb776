import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cvssV3Of } from './assemble-assessment-input.js';

describe('the CVSS v3 score the 14-day rule reads from a stored finding', () => {
  it('takes the highest v3 base score, ignoring v2 and v4', () => {
    assert.equal(cvssV3Of(JSON.stringify([{ version: '2.0', baseScore: 10 }, { version: '3.0', baseScore: 6.5 }, { version: '3.1', baseScore: 7.2 }, { version: '4.0', baseScore: 9.3 }])), 7.2);
  });

  it('scores a v3 vector that came without a score: 6.9 stays below the threshold, 7.0 reaches it', () => {
    // Both vectors' scores are from Red Hat's published v3.1 vectors (src/intel/cvss/testdata).
    assert.equal(cvssV3Of(JSON.stringify([{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }])), 9.8);
    assert.equal(cvssV3Of(JSON.stringify([{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:R/S:C/C:H/I:L/A:N' }])), 6.9);
    assert.equal(cvssV3Of(JSON.stringify([{ version: '3.0', vector: 'CVSS:3.0/AV:N/AC:L/PR:H/UI:R/S:C/C:H/I:L/A:N' }])), 6.9);
    assert.equal(cvssV3Of(JSON.stringify([{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:L/A:L' }])), 7.0);
  });

  it('is undefined when nothing usable is there (a malformed vector is not a score)', () => {
    assert.equal(cvssV3Of('[]'), undefined);
    assert.equal(cvssV3Of('not json'), undefined);
    assert.equal(cvssV3Of(JSON.stringify([{ version: '3.1', vector: 'CVSS:3.1/AV:X' }])), undefined);
  });
});
