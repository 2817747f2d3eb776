import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CloudService } from '../assessment-input.js';
import { organisation } from '../assessment-test-support.js';
import { mfaRule } from './mfa.js';

const asOf = '2026-05-01';
const m365 = (accounts: CloudService['accounts']): CloudService => ({ id: 'm365', name: 'Microsoft 365', kind: 'saas', identityProvider: 'entra', accounts });

describe('CE-MFA', () => {
  it('every account with MFA passes, one check per account', () => {
    const result = mfaRule.evaluate(organisation({ cloudServices: [m365([{ id: 'a', username: 'jo', role: 'user', mfaEnabled: true }, { id: 'b', username: 'admin.jo', role: 'admin', mfaEnabled: true }])] }), asOf);
    assert.equal(result.outcome, 'pass');
    assert.equal(result.checks.length, 2);
  });
  it('an admin without MFA fails, naming service and account, with an enable-mfa remedy', () => {
    const result = mfaRule.evaluate(organisation({ cloudServices: [m365([{ id: 'a', username: 'jo', role: 'user', mfaEnabled: true }, { id: 'b', username: 'admin.jo', role: 'admin', mfaEnabled: false }])] }), asOf);
    assert.equal(result.outcome, 'fail');
    const failed = result.reasons.find((r) => r.outcome === 'fail');
    assert.equal(failed?.accountId, 'b');
    assert.equal(failed?.serviceId, 'm365');
    assert.deepEqual(failed?.remedy, { kind: 'enable-mfa', serviceId: 'm365', serviceName: 'Microsoft 365' });
  });
  it('an unknown MFA state, a service without accounts, or no cloud inventory is not evidenced', () => {
    assert.equal(mfaRule.evaluate(organisation({ cloudServices: [m365([{ id: 'a', username: 'jo', role: 'user' }])] }), asOf).outcome, 'not-evidenced');
    assert.equal(mfaRule.evaluate(organisation({ cloudServices: [m365([])] }), asOf).outcome, 'not-evidenced');
    assert.equal(mfaRule.evaluate(organisation({ cloudServices: undefined }), asOf).outcome, 'not-evidenced');
  });
});
