import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { device, organisation, software, vulnerability } from './assessment-test-support.js';
import { remediationPlan } from './remediation-plan.js';
import { boundaryRule } from './rules/boundary.js';
import { patchingRule } from './rules/patching.js';
import { smb1Rule } from './rules/smb1.js';

const asOf = '2026-05-01';
const acme = (fixedVersion: string) => software({ id: 'acme', name: 'Acme', vulnerabilities: [vulnerability({ cve: `CVE-2026-1${fixedVersion.replace(/\./g, '')}`, fixedVersion, fixReleasedOn: '2026-01-01', epss: 0.1 })] });
const beta = software({ id: 'beta', name: 'Beta', vulnerabilities: [vulnerability({ cve: 'CVE-2026-2000', fixedVersion: '9.1', fixReleasedOn: '2026-01-01', kev: true, epss: 0.9 })] });

function estate() {
  return organisation({
    devices: [
      device({ id: 'd1', software: [acme('2.0.0')] }),
      device({ id: 'd2', software: [acme('2.10.0'), beta] }),
      device({ id: 'd3', software: [beta] }),
      ...['d4', 'd5', 'd6'].map((id) => device({ id, configuration: { smb1Enabled: true } })),
    ],
  });
}

describe('remediationPlan', () => {
  const input = estate();
  const checks = [...patchingRule.evaluate(input, asOf).checks, ...smb1Rule.evaluate(input, asOf).checks];
  const plan = remediationPlan(checks);

  it('groups by fix and orders by points regained, ties to KEV', () => {
    assert.deepEqual(plan.actions.map((a) => [a.description, a.pointsRegained]), [
      ['Set SMBv1 to disabled on 3 devices', 3],
      ['Update Beta to ≥ 9.1 on 2 devices', 1],
      ['Update Acme to ≥ 2.10.0 on 2 devices', 2],
    ]);
  });

  it('shows KEV and EPSS, and the CVEs covered', () => {
    const betaAction = plan.actions.find((a) => a.key === 'update-software|Beta');
    assert.equal(betaAction?.kev, true);
    assert.equal(betaAction?.maxEpss, 0.9);
    assert.deepEqual(betaAction?.cves, ['CVE-2026-2000']);
    assert.equal(plan.actions.find((a) => a.key === 'update-software|Acme')?.kev, false);
  });

  it('regains every failed check and the full score gap', () => {
    assert.equal(plan.failedChecks, 6);
    assert.equal(plan.actions.reduce((n, a) => n + a.pointsRegained, 0), 6);
    const gap = (6 / checks.length) * 100;
    assert.ok(Math.abs(plan.actions.reduce((n, a) => n + a.scoreGain, 0) - gap) < 1e-9);
  });

  it('names the port to close on the boundary', () => {
    const boundary = boundaryRule.evaluate(
      organisation({ exposedServices: [{ id: 's', host: '203.0.113.9', port: 3389, protocol: 'tcp', service: 'ms-wbt-server', scanId: 'scan-1', vulnerabilities: [], authentication: 'password', publicReadOnly: false, defaultPasswordsUnchanged: false, throttling: true }] }),
      asOf,
    );
    assert.deepEqual(remediationPlan(boundary.checks).actions.map((a) => a.description), ['Close port 3389/tcp on 203.0.113.9 to the internet']);
  });

  it('a failed check that also lacks evidence is not counted as regained', () => {
    const mixed = organisation({ devices: [device({ id: 'd1', software: [software({ id: 'x', name: 'X', vulnerabilities: [vulnerability({ cve: 'CVE-1', fixReleasedOn: '2026-01-01' }), vulnerability({ cve: 'CVE-2', fixReleasedOn: undefined })] })] })] });
    const result = remediationPlan(patchingRule.evaluate(mixed, asOf).checks);
    assert.equal(result.failedChecks, 1);
    assert.equal(result.regainable, 0);
    assert.equal(result.actions[0]?.pointsRegained, 0);
  });

  it('no failures, no actions', () => {
    assert.deepEqual(remediationPlan(patchingRule.evaluate(organisation({ devices: [device({ id: 'ok' })] }), asOf).checks).actions, []);
  });
});
