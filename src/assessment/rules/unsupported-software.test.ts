import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { device, organisation, software, windows10 } from '../assessment-test-support.js';
import { unsupportedSoftwareRule } from './unsupported-software.js';

const judge = (asOf: string, esu: boolean) =>
  unsupportedSoftwareRule.evaluate(organisation({ devices: [device({ id: 'pc1', os: windows10, extendedSupportEnrolled: esu })] }), asOf);

describe('CE-UNSUPPORTED: Windows 10 22H2 around its end of support', () => {
  it('is supported on 2025-10-14 without ESU', () => {
    assert.equal(judge('2025-10-14', false).outcome, 'pass');
  });

  it('fails on 2025-10-15 without ESU, naming the device and suggesting ESU', () => {
    const result = judge('2025-10-15', false);
    assert.equal(result.outcome, 'fail');
    assert.equal(result.reasons[0]?.deviceId, 'pc1');
    assert.equal(result.reasons[0]?.code, 'support.os-unsupported');
    assert.match(result.reasons[0]?.message ?? '', /not enrolled in extended security updates/);
    assert.deepEqual(result.reasons[0]?.remedy, { kind: 'retire-software', product: 'Microsoft Windows 10 Enterprise 22H2', cycle: '10-22h2' });
  });

  it('passes on 2025-10-15 with ESU', () => {
    const result = judge('2025-10-15', true);
    assert.equal(result.outcome, 'pass');
    assert.match(result.reasons[0]?.message ?? '', /extended security updates until 2028-10-10/);
  });

  it('with ESU: supported on the last ESU day, unsupported the day after', () => {
    assert.equal(judge('2028-10-10', true).outcome, 'pass');
    assert.equal(judge('2028-10-11', true).outcome, 'fail');
  });
});

describe('CE-UNSUPPORTED: other cases', () => {
  const asOf = '2026-05-01';
  it('an OS without an ESU programme fails after its end date even if the device claims ESU', () => {
    const os = { name: 'Windows Server 2008 R2', family: 'windows' as const, support: { cycle: '2008-r2', supportEndsOn: '2020-01-14' } };
    const result = unsupportedSoftwareRule.evaluate(organisation({ devices: [device({ id: 's1', kind: 'server', os, extendedSupportEnrolled: true })] }), asOf);
    assert.equal(result.outcome, 'fail');
  });

  it('an OS with no announced end is supported', () => {
    const os = { name: 'Debian', family: 'linux' as const, support: { cycle: '13', supportEndsOn: null } };
    assert.equal(unsupportedSoftwareRule.evaluate(organisation({ devices: [device({ id: 'l1', os })] }), asOf).outcome, 'pass');
  });

  it('an unknown OS or one without lifecycle data is not evidenced', () => {
    const noOs = unsupportedSoftwareRule.evaluate(organisation({ devices: [device({ id: 'x', os: undefined })] }), asOf);
    assert.equal(noOs.outcome, 'not-evidenced');
    const noLifecycle = unsupportedSoftwareRule.evaluate(organisation({ devices: [device({ id: 'x', os: { name: 'Odd OS', family: 'other' } })] }), asOf);
    assert.equal(noLifecycle.outcome, 'not-evidenced');
    assert.equal(noLifecycle.reasons[0]?.code, 'support.os-no-lifecycle');
  });

  it('an unsupported application fails the device; one without lifecycle data is not judged', () => {
    const apps = [
      software({ id: 'a1', name: 'Old Java', version: '7u80', support: { cycle: '7', supportEndsOn: '2022-07-19' } }),
      software({ id: 'a2', name: 'Niche tool' }),
    ];
    const result = unsupportedSoftwareRule.evaluate(organisation({ devices: [device({ id: 'pc', software: apps })] }), asOf);
    assert.equal(result.outcome, 'fail');
    assert.deepEqual(result.reasons.filter((r) => r.outcome === 'fail').map((r) => r.facts?.softwareId), ['a1']);
  });
});
