import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { decodeChecks, encodeChecks, type StoredCheck } from './stored-assessment.js';

const checks: StoredCheck[] = [
  { ruleId: 'CE-PATCH-14D', control: 'security-update-management', area: 'vulnerability-management', subject: { kind: 'device', id: 'd1', name: 'WS-1' }, outcome: 'pass' },
  {
    ruleId: 'CE-PATCH-14D',
    control: 'security-update-management',
    area: 'vulnerability-management',
    subject: { kind: 'device', id: 'd2', name: 'WS-2' },
    outcome: 'fail',
    reasons: [{ code: 'patch.late', outcome: 'fail', message: 'WS-2: CVE-2017-0144 has had a fix for 30 days', deviceId: 'd2', cve: 'CVE-2017-0144', facts: { daysSinceFix: 30 } }],
  },
  { ruleId: 'CE-SC-SMB1', control: 'secure-configuration', area: 'servers', subject: { kind: 'device', id: 'd1', name: 'WS-1' }, outcome: 'not-evidenced', reasons: [{ code: 'smb1.unknown', outcome: 'not-evidenced', message: 'WS-1: SMBv1 was not observed.' }] },
  { ruleId: 'CE-MFA', control: 'user-access-control', area: 'access-controls', subject: { kind: 'organisation', id: 'o1', name: 'Trust' }, outcome: 'not-applicable' },
];

describe('stored checks', () => {
  it('read back exactly as written, in order, reasons only where stored', () => {
    const text = encodeChecks(checks);
    assert.ok(text.startsWith('c1:'));
    assert.deepEqual(decodeChecks(text), checks);
  });

  it('store each subject and rule once, so thousands of checks stay small', () => {
    const many: StoredCheck[] = Array.from({ length: 5000 }, (_, i) => ({ ruleId: `R${i % 10}`, control: 'firewalls', area: 'network-security', subject: { kind: 'device', id: `d${i % 500}`, name: `WS-${i % 500}` }, outcome: 'pass' }));
    const compact = encodeChecks(many);
    const plain = `gz:${gzipSync(JSON.stringify(many), { level: 1 }).toString('base64')}`;
    assert.ok(compact.length < plain.length / 2, `compact ${compact.length} vs plain ${plain.length}`);
    assert.deepEqual(decodeChecks(compact), many);
  });

  it('still read snapshots stored in the earlier gzip-of-list form and as plain JSON', () => {
    assert.deepEqual(decodeChecks(`gz:${gzipSync(JSON.stringify(checks)).toString('base64')}`), checks);
    assert.deepEqual(decodeChecks(JSON.stringify(checks)), checks);
  });
});
