import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CloudService, ManualResult } from '../assessment-input.js';
import { organisation } from '../assessment-test-support.js';
import { mfaAssessorRule } from './mfa-assessor.js';

const asOf = '2026-05-01';
const service = (id: string, identityProvider?: string): CloudService => ({ id, name: id.toUpperCase(), identityProvider, accounts: [] });
const tc4 = (id: string, cloudServiceId: string, accountRole: 'user' | 'admin', result: 'pass' | 'fail' = 'pass'): ManualResult => ({
  id, test: 'tc4-mfa', cloudServiceId, accountRole, result, recordedBy: 'assessor', recordedOn: '2026-04-20',
});

describe('CE-TC4-ASSESSOR', () => {
  it('passes with a normal and an admin test; either missing is not evidenced', () => {
    const both = organisation({ cloudServices: [service('m365')], manualResults: [tc4('1', 'm365', 'user'), tc4('2', 'm365', 'admin')] });
    assert.equal(mfaAssessorRule.evaluate(both, asOf).outcome, 'pass');
    const userOnly = organisation({ cloudServices: [service('m365')], manualResults: [tc4('1', 'm365', 'user')] });
    assert.equal(mfaAssessorRule.evaluate(userOnly, asOf).outcome, 'not-evidenced');
  });
  it('a sign-in without MFA prompt fails', () => {
    const input = organisation({ cloudServices: [service('m365')], manualResults: [tc4('1', 'm365', 'user'), tc4('2', 'm365', 'admin', 'fail')] });
    const result = mfaAssessorRule.evaluate(input, asOf);
    assert.equal(result.outcome, 'fail');
    assert.equal(result.reasons.find((r) => r.outcome === 'fail')?.facts?.role, 'admin');
  });
  it('services sharing an identity provider are tested once', () => {
    const input = organisation({ cloudServices: [service('m365', 'entra'), service('teams', 'entra'), service('zoom')], manualResults: [tc4('1', 'm365', 'user'), tc4('2', 'm365', 'admin')] });
    const result = mfaAssessorRule.evaluate(input, asOf);
    assert.deepEqual(result.checks.map((c) => [c.subject.id, c.outcome]), [['m365', 'pass'], ['teams', 'pass'], ['zoom', 'not-evidenced']]);
  });
});
