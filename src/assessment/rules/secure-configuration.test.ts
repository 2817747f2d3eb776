import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Device, DeviceConfiguration } from '../assessment-input.js';
import { device, organisation } from '../assessment-test-support.js';
import type { Rule } from '../rule.js';
import { autorunRule } from './autorun.js';
import { defaultAccountsRule } from './default-accounts.js';
import { hostFirewallRule } from './host-firewall.js';
import { lockoutRule } from './lockout.js';
import { smb1Rule } from './smb1.js';

const asOf = '2026-05-01';
const run = (rule: Rule, configuration: DeviceConfiguration, o: Partial<Device> = {}) =>
  rule.evaluate(organisation({ devices: [device({ id: 'pc1', ...o, configuration })] }), asOf);

describe('CE-SC-SMB1', () => {
  it('enabled fails with a change-setting remedy; disabled passes; unknown is not evidenced', () => {
    const failed = run(smb1Rule, { smb1Enabled: true });
    assert.equal(failed.outcome, 'fail');
    assert.deepEqual(failed.reasons[0]?.remedy, { kind: 'change-setting', setting: 'SMBv1', to: 'disabled' });
    assert.equal(failed.reasons[0]?.deviceId, 'pc1');
    assert.equal(run(smb1Rule, { smb1Enabled: false }).outcome, 'pass');
    assert.equal(run(smb1Rule, { smb1Enabled: undefined }).outcome, 'not-evidenced');
  });
  it('does not apply to a macOS device without the observation', () => {
    const mac = { name: 'macOS', family: 'macos' as const };
    assert.equal(run(smb1Rule, { smb1Enabled: undefined }, { os: mac }).outcome, 'not-applicable');
  });
  it('a server is scored under servers', () => {
    assert.equal(run(smb1Rule, {}, { kind: 'server' }).checks[0]?.area, 'servers');
  });
});

describe('CE-SC-AUTORUN', () => {
  it('enabled fails, disabled passes, unknown is not evidenced', () => {
    assert.equal(run(autorunRule, { autorunEnabled: true }).outcome, 'fail');
    assert.equal(run(autorunRule, { autorunEnabled: false }).outcome, 'pass');
    assert.equal(run(autorunRule, { autorunEnabled: undefined }).outcome, 'not-evidenced');
  });
});

describe('CE-SC-DEFAULT-ACCOUNTS', () => {
  it('one failing reason per enabled default account', () => {
    const result = run(defaultAccountsRule, { enabledDefaultAccounts: ['Guest', 'DefaultAccount'] });
    assert.equal(result.outcome, 'fail');
    assert.deepEqual(result.reasons.map((r) => r.accountId), ['Guest', 'DefaultAccount']);
    assert.equal(run(defaultAccountsRule, { enabledDefaultAccounts: [] }).outcome, 'pass');
    assert.equal(run(defaultAccountsRule, { enabledDefaultAccounts: undefined }).outcome, 'not-evidenced');
  });
});

describe('CE-SC-LOCKOUT', () => {
  it('lock-out after 10 passes, after 11 fails when throttling is known absent', () => {
    assert.equal(run(lockoutRule, { lockoutThreshold: 10 }).outcome, 'pass');
    assert.equal(run(lockoutRule, { lockoutThreshold: 11, throttleAttemptsPerFiveMinutes: null }).outcome, 'fail');
    assert.equal(run(lockoutRule, { lockoutThreshold: null, throttleAttemptsPerFiveMinutes: null }).outcome, 'fail');
  });
  it('throttling at 10 per 5 minutes passes without lock-out; 11 does not', () => {
    assert.equal(run(lockoutRule, { lockoutThreshold: null, throttleAttemptsPerFiveMinutes: 10 }).outcome, 'pass');
    assert.equal(run(lockoutRule, { lockoutThreshold: null, throttleAttemptsPerFiveMinutes: 11 }).outcome, 'fail');
  });
  it('a weak lock-out with unknown throttling, or nothing observed, is not evidenced', () => {
    assert.equal(run(lockoutRule, { lockoutThreshold: 50 }).outcome, 'not-evidenced');
    assert.equal(run(lockoutRule, { lockoutThreshold: undefined }).outcome, 'not-evidenced');
  });
  it('lock-out of 0 (never) is treated as off', () => {
    assert.equal(run(lockoutRule, { lockoutThreshold: 0, throttleAttemptsPerFiveMinutes: null }).outcome, 'fail');
  });
});

describe('CE-FW-HOST', () => {
  it('off fails, on passes, unknown is not evidenced; mobiles are not judged', () => {
    assert.equal(run(hostFirewallRule, { firewallEnabled: false }).outcome, 'fail');
    assert.equal(run(hostFirewallRule, { firewallEnabled: true }).outcome, 'pass');
    assert.equal(run(hostFirewallRule, { firewallEnabled: undefined }).outcome, 'not-evidenced');
    assert.equal(run(hostFirewallRule, { firewallEnabled: false }, { kind: 'mobile' }).outcome, 'not-applicable');
  });
});
