import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VulnerabilityIntel } from '../assessment-input.js';
import { device, finding, organisation, software, vulnerability } from '../assessment-test-support.js';
import { patchingRule } from './patching.js';

const asOf = '2026-05-01';

/** One device with one intel-matched vulnerability, judged on `asOf`. */
function judgeIntel(v: Partial<VulnerabilityIntel>) {
  const vuln = vulnerability({ cve: 'CVE-2026-0001', ...v });
  const org = organisation({ devices: [device({ id: 'pc1', software: [software({ id: 's1', name: 'Acme Reader', vulnerabilities: [vuln] })] })] });
  return patchingRule.evaluate(org, asOf);
}

describe('CE-PATCH-14D: the 14-day window', () => {
  it('a fix released exactly 14 days ago is still within the window', () => {
    assert.equal(judgeIntel({ fixReleasedOn: '2026-04-17' }).outcome, 'pass');
  });

  it('a fix released 15 days ago is late, and the reason names the device, CVE and days', () => {
    const result = judgeIntel({ fixReleasedOn: '2026-04-16' });
    assert.equal(result.outcome, 'fail');
    const reason = result.reasons.find((r) => r.outcome === 'fail');
    assert.equal(reason?.deviceId, 'pc1');
    assert.equal(reason?.cve, 'CVE-2026-0001');
    assert.equal(reason?.facts?.daysSinceFix, 15);
    assert.match(reason?.message ?? '', /PC1.*CVE-2026-0001.*15 days/);
    assert.deepEqual(reason?.remedy, { kind: 'update-software', product: 'Acme Reader', fixedVersion: '2.0.0', cve: 'CVE-2026-0001', kev: false, epss: undefined });
  });

  it('a fix released today is not late', () => {
    assert.equal(judgeIntel({ fixReleasedOn: asOf }).outcome, 'pass');
  });

  it('timestamps count by their day', () => {
    assert.equal(judgeIntel({ fixReleasedOn: '2026-04-17T23:59:00Z' }).outcome, 'pass');
    assert.equal(judgeIntel({ fixReleasedOn: '2026-04-16T00:01:00Z' }).outcome, 'fail');
  });

  it('no fix released yet is not a failure', () => {
    assert.equal(judgeIntel({ fixReleasedOn: null }).outcome, 'pass');
  });

  it('an unknown fix date on a qualifying vulnerability is not evidenced, never a pass', () => {
    const result = judgeIntel({ fixReleasedOn: undefined });
    assert.equal(result.outcome, 'not-evidenced');
    assert.equal(result.reasons[0]?.code, 'patch.fix-date-unknown');
  });
});

describe('CE-PATCH-14D: which vulnerabilities qualify', () => {
  const late = '2026-01-01';
  it('vendor medium with CVSS 6.9 does not qualify; with CVSS 7.0 it does', () => {
    assert.equal(judgeIntel({ fixReleasedOn: late, vendorSeverity: 'medium', cvssV3: 6.9 }).outcome, 'pass');
    assert.equal(judgeIntel({ fixReleasedOn: late, vendorSeverity: 'medium', cvssV3: 7.0 }).outcome, 'fail');
  });

  it('vendor critical or high qualifies whatever the CVSS', () => {
    assert.equal(judgeIntel({ fixReleasedOn: late, vendorSeverity: 'critical', cvssV3: 3.1 }).outcome, 'fail');
    assert.equal(judgeIntel({ fixReleasedOn: late, vendorSeverity: 'high', cvssV3: undefined }).outcome, 'fail');
  });

  it('no vendor severity qualifies even with a low CVSS', () => {
    assert.equal(judgeIntel({ fixReleasedOn: late, vendorSeverity: undefined, cvssV3: 4.0 }).outcome, 'fail');
  });

  it('vendor low without CVSS does not qualify', () => {
    assert.equal(judgeIntel({ fixReleasedOn: late, vendorSeverity: 'low', cvssV3: undefined }).outcome, 'pass');
  });
});

describe('CE-PATCH-14D: scanner findings', () => {
  const judgeFinding = (f: Parameters<typeof finding>[0], credentialedScan = true) =>
    patchingRule.evaluate(organisation({ devices: [device({ id: 'srv1', kind: 'server', software: undefined, credentialedScan, findings: [finding(f)] })] }), asOf);

  it('a late high finding fails, naming the finding', () => {
    const result = judgeFinding({ id: 'f1', fixReleasedOn: '2026-04-16', cves: ['CVE-2017-0144'], kev: true });
    assert.equal(result.outcome, 'fail');
    assert.equal(result.reasons[0]?.findingId, 'f1');
    assert.equal(result.reasons[0]?.facts?.kev, true);
  });

  it('CVSS 6.9 medium finding passes, 7.0 fails', () => {
    assert.equal(judgeFinding({ id: 'f1', severity: 'medium', cvssV3: 6.9, fixReleasedOn: '2026-01-01' }).outcome, 'pass');
    assert.equal(judgeFinding({ id: 'f1', severity: 'medium', cvssV3: 7.0, fixReleasedOn: '2026-01-01' }).outcome, 'fail');
  });

  it('a finding without any severity qualifies', () => {
    assert.equal(judgeFinding({ id: 'f1', severity: undefined, cvssV3: undefined, fixReleasedOn: '2026-01-01' }).outcome, 'fail');
  });

  it('an unauthenticated scan with no findings and no inventory is not evidenced', () => {
    const result = judgeFinding({ id: 'f1', severity: 'low', cvssV3: 2.0 }, false);
    assert.equal(result.outcome, 'not-evidenced');
    assert.equal(result.reasons[0]?.code, 'patch.no-evidence');
  });

  it('an unauthenticated scan can still prove a failure', () => {
    assert.equal(judgeFinding({ id: 'f1', fixReleasedOn: '2026-01-01' }, false).outcome, 'fail');
  });

  it('when intel lacks the fix date, the scanner finding with a date still decides', () => {
    const vuln = vulnerability({ cve: 'CVE-2026-0003', fixReleasedOn: undefined });
    const pc = device({ id: 'pc1', software: [software({ id: 's1', name: 'Acme', vulnerabilities: [vuln] })], findings: [finding({ id: 'f1', cves: ['CVE-2026-0003'], fixReleasedOn: '2026-01-01' })] });
    assert.equal(patchingRule.evaluate(organisation({ devices: [pc] }), asOf).outcome, 'fail');
  });

  it('a CVE reported by both scanner and intel is reported once', () => {
    const vuln = vulnerability({ cve: 'CVE-2026-0002', fixReleasedOn: '2026-01-01' });
    const pc = device({ id: 'pc1', software: [software({ id: 's1', name: 'Acme', vulnerabilities: [vuln] })], findings: [finding({ id: 'f1', cves: ['CVE-2026-0002'], fixReleasedOn: '2026-01-01' })] });
    const result = patchingRule.evaluate(organisation({ devices: [pc] }), asOf);
    assert.equal(result.reasons.filter((r) => r.outcome === 'fail').length, 1);
  });
});

describe('CE-PATCH-14D: evidence', () => {
  it('a device with neither scan nor inventory is not evidenced', () => {
    const result = patchingRule.evaluate(organisation({ devices: [device({ id: 'pc1', software: undefined, findings: undefined })] }), asOf);
    assert.equal(result.outcome, 'not-evidenced');
  });

  it('one check per device; one late device fails the rule, the other passes', () => {
    const ok = device({ id: 'ok' });
    const bad = device({ id: 'bad', software: [software({ id: 's', name: 'Acme', vulnerabilities: [vulnerability({ cve: 'CVE-1', fixReleasedOn: '2026-01-01' })] })] });
    const result = patchingRule.evaluate(organisation({ devices: [ok, bad] }), asOf);
    assert.deepEqual(result.checks.map((c) => [c.subject.id, c.outcome]), [['ok', 'pass'], ['bad', 'fail']]);
    assert.equal(result.outcome, 'fail');
  });

  it('an organisation without any inventoried device is not evidenced', () => {
    const result = patchingRule.evaluate(organisation(), asOf);
    assert.equal(result.outcome, 'not-evidenced');
    assert.equal(result.checks[0]?.subject.kind, 'organisation');
  });
});
