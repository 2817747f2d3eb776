import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExposedService } from '../assessment-input.js';
import { organisation } from '../assessment-test-support.js';
import { boundaryRule, decisionFlow } from './boundary.js';

const asOf = '2026-05-01';
const service = (o: Partial<ExposedService> = {}): ExposedService => ({
  id: 'svc1',
  host: '203.0.113.5',
  port: 443,
  protocol: 'tcp',
  service: 'https',
  scanId: 'scan-1',
  vulnerabilities: [],
  publicReadOnly: false,
  authentication: 'password',
  defaultPasswordsUnchanged: false,
  throttling: false,
  lockoutThreshold: 10,
  ...o,
});
const step = (o: Partial<ExposedService>) => {
  const r = decisionFlow(service(o));
  return [r.outcome, r.facts?.step];
};

describe('CE-TC1-BOUNDARY: the seven-step flow', () => {
  it('step 1: CVSS 7.0 fails, 6.9 goes on', () => {
    assert.deepEqual(step({ vulnerabilities: [{ id: 'CVE-1', cvssV3: 7.0, kev: false }] }), ['fail', 1]);
    assert.deepEqual(step({ vulnerabilities: [{ id: 'CVE-1', cvssV3: 6.9, kev: false }], publicReadOnly: true }), ['pass', 2]);
  });
  it('step 1: a vulnerability without CVSS v3 is not evidenced', () => {
    assert.deepEqual(step({ vulnerabilities: [{ id: 'CVE-1', kev: false }] }), ['not-evidenced', 1]);
  });
  it('step 2: public read-only passes', () => assert.deepEqual(step({ publicReadOnly: true, authentication: 'none' }), ['pass', 2]));
  it('step 3: no authentication fails', () => assert.deepEqual(step({ authentication: 'none' }), ['fail', 3]));
  it('step 4: multi-factor passes even with default passwords', () => assert.deepEqual(step({ authentication: 'multi-factor', defaultPasswordsUnchanged: true }), ['pass', 4]));
  it('step 5: default passwords fail', () => assert.deepEqual(step({ defaultPasswordsUnchanged: true, throttling: true }), ['fail', 5]));
  it('step 6: throttling passes', () => assert.deepEqual(step({ throttling: true, lockoutThreshold: null }), ['pass', 6]));
  it('step 7: lock-out after 10 passes, after 11 fails, none fails', () => {
    assert.deepEqual(step({ lockoutThreshold: 10 }), ['pass', 7]);
    assert.deepEqual(step({ lockoutThreshold: 11 }), ['fail', 7]);
    assert.deepEqual(step({ lockoutThreshold: null }), ['fail', 7]);
  });
  it('unknown facts stop the flow as not evidenced', () => {
    assert.deepEqual(step({ publicReadOnly: undefined }), ['not-evidenced', 2]);
    assert.deepEqual(step({ authentication: undefined }), ['not-evidenced', 3]);
    assert.deepEqual(step({ defaultPasswordsUnchanged: undefined }), ['not-evidenced', 5]);
    assert.deepEqual(step({ throttling: undefined, lockoutThreshold: 5 }), ['pass', 7]);
    assert.deepEqual(step({ throttling: undefined, lockoutThreshold: 50 }), ['not-evidenced', 6]);
    assert.deepEqual(step({ lockoutThreshold: undefined }), ['not-evidenced', 7]);
  });
});

describe('CE-TC1-BOUNDARY: admin services and the organisation', () => {
  for (const [port, name] of [[3389, 'ms-wbt-server'], [445, 'microsoft-ds'], [139, 'netbios-ssn'], [23, 'telnet'], [1433, 'ms-sql-s'], [3306, 'mysql'], [5432, 'postgresql'], [1521, 'oracle'], [27017, 'mongodb']] as const) {
    it(`port ${port} open to the internet fails with a close-port remedy`, () => {
      const result = boundaryRule.evaluate(organisation({ exposedServices: [service({ port, service: name, authentication: 'multi-factor' })] }), asOf);
      assert.equal(result.outcome, 'fail');
      const admin = result.reasons.find((r) => r.code === 'boundary.admin-exposed');
      assert.deepEqual(admin?.remedy, { kind: 'close-port', host: '203.0.113.5', port, protocol: 'tcp' });
    });
  }
  it('RDP on an unusual port is recognised by its service name', () => {
    const result = boundaryRule.evaluate(organisation({ exposedServices: [service({ port: 33890, service: 'ms-wbt-server', authentication: 'multi-factor' })] }), asOf);
    assert.equal(result.outcome, 'fail');
  });
  it('HTTPS with MFA passes', () => {
    assert.equal(boundaryRule.evaluate(organisation({ exposedServices: [service({ authentication: 'multi-factor' })] }), asOf).outcome, 'pass');
  });
  it('no boundary scan is not evidenced; a scan with nothing exposed passes', () => {
    assert.equal(boundaryRule.evaluate(organisation({ boundaryScans: [] }), asOf).outcome, 'not-evidenced');
    assert.equal(boundaryRule.evaluate(organisation(), asOf).outcome, 'pass');
  });
  it('one check per service', () => {
    const result = boundaryRule.evaluate(organisation({ exposedServices: [service({ id: 'a', publicReadOnly: true }), service({ id: 'b', authentication: 'none' })] }), asOf);
    assert.deepEqual(result.checks.map((c) => [c.subject.id, c.outcome]), [['a', 'pass'], ['b', 'fail']]);
  });
});
