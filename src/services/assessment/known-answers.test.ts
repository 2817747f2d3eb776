/**
 * Known answers through real imports: small Nessus and inventory files written here, imported into
 * a stored organisation, assembled and assessed on each engine. As of 2026-11-28.
 */
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Organisation } from '../../core/organisation.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import type { ServiceContext } from '../context.js';
import { assessOrganisation } from './assess-organisation.js';
import { importText, windows10, windows11, withOsSupport } from './assessment-test-support.js';
import { inventoryCsv, nessusXml, type InventoryRow } from './evidence-files.js';
import { recordManualResult } from './record-manual-result.js';
import type { StoredAssessment } from './stored-assessment.js';

const asOf = '2026-11-28';

function outcomeOf(result: StoredAssessment, ruleId: string, name: string): string | undefined {
  return result.checks.find((c) => c.ruleId === ruleId && c.subject.name.toLowerCase() === name)?.outcome;
}

const win10 = 'Microsoft Windows 10 Enterprise';
const win11 = 'Microsoft Windows 11 Enterprise';

describeEachEngine('assessment known answers through imports', ({ database, it }) => {
  let context: ServiceContext;
  let organisation: Organisation;
  let result: StoredAssessment;

  before(async () => {
    context = serviceContext(database(), { clock: manualClock(new Date(`${asOf}T09:00:00Z`)) });
    organisation = await makeOrganisation(context);
    const host = (n: number, name: string, os: string, items: Parameters<typeof nessusXml>[0][number]['items']) => ({ ip: `10.0.0.${n}`, fqdn: `${name}.ka.nhs.uk`, os, items });
    await importText(
      context,
      operator,
      organisation.odsCode,
      'scan.nessus',
      nessusXml([
        host(1, 'pc-d14', win11, [{ pluginId: '900001', name: 'Product A < 2.0', severity: 2, cvss3: 7.0, cve: 'CVE-2026-1001', patchDate: '2026-11-14' }]),
        host(2, 'pc-d15', win11, [{ pluginId: '900002', name: 'Product B < 3.1', severity: 2, cvss3: 7.0, cve: 'CVE-2026-1002', patchDate: '2026-11-13' }]),
        host(3, 'pc-cvss69', win11, [{ pluginId: '900003', name: 'Product C < 1.5', severity: 2, cvss3: 6.9, cve: 'CVE-2026-1003', patchDate: '2025-01-01' }]),
        host(4, 'pc-today', win11, [{ pluginId: '900004', name: 'Product D < 9.0', severity: 4, cvss3: 9.8, cve: 'CVE-2026-1004', patchDate: '2026-11-28' }]),
        host(5, 'pc-esu', win10, []),
        host(6, 'pc-noesu', win10, []),
      ]),
    );
    const row = (hostname: string, os: string, version: string): InventoryRow => ({ hostname: hostname.toUpperCase(), os, osVersion: version, osBuild: version === '22H2' ? '10.0.19045.6456' : '10.0.26100.7171', lastSeen: '2026-11-27', avProduct: 'Microsoft Defender Antivirus', avSignatureDate: '2026-11-26' });
    await importText(
      context,
      operator,
      organisation.odsCode,
      'inventory.csv',
      inventoryCsv([
        row('pc-d14', win11, '24H2'),
        row('pc-d15', win11, '24H2'),
        row('pc-cvss69', win11, '24H2'),
        row('pc-today', win11, '24H2'),
        row('pc-esu', win10, '22H2'),
        row('pc-noesu', win10, '22H2'),
        row('pc-noscan', win11, '24H2'),
        { ...row('pc-out', win10, '22H2'), inScope: 'No' },
      ]),
    );
    const assessor = await makeUser(context, 'assessor', { assigned: [organisation] });
    await recordManualResult(context, { principal: assessor.principal }, { odsCode: organisation.odsCode, test: 'esu-enrolment', result: 'pass', device: 'PC-ESU', notes: 'ESU year 2 licence seen in the volume licensing portal' });
    result = await assessOrganisation(context, operator, organisation.id, { asOf, trigger: 'manual', readExposure: withOsSupport((name) => (name === 'pc-esu' || name === 'pc-noesu' || name === 'pc-out' ? windows10 : windows11)) });
  });

  it('in-scope devices only: the device marked out of scope is not assessed', () => {
    assert.equal(result.deviceCount, 7);
    assert.equal(result.checks.some((c) => c.subject.name.toLowerCase() === 'pc-out'), false);
  });

  it('14-day rule: fix exactly 14 days old passes, 15 days fails, released today passes', () => {
    assert.equal(outcomeOf(result, 'CE-PATCH-14D', 'pc-d14'), 'pass');
    assert.equal(outcomeOf(result, 'CE-PATCH-14D', 'pc-d15'), 'fail');
    assert.equal(outcomeOf(result, 'CE-PATCH-14D', 'pc-today'), 'pass');
    const late = result.checks.find((c) => c.ruleId === 'CE-PATCH-14D' && c.outcome === 'fail');
    assert.match(late?.reasons?.[0]?.message ?? '', /pc-d15.*CVE-2026-1002.*CVSS v3 7\.0 ≥ 7\.0.*2026-11-13, 15 days ago/i);
  });

  it('CVSS 6.9 rated medium does not qualify; 7.0 rated medium does', () => {
    assert.equal(outcomeOf(result, 'CE-PATCH-14D', 'pc-cvss69'), 'pass');
    assert.equal(outcomeOf(result, 'CE-PATCH-14D', 'pc-d15'), 'fail');
  });

  it('unsupported OS: Windows 10 after 2025-10-14 passes only with the ESU enrolment the assessor recorded', () => {
    assert.equal(outcomeOf(result, 'CE-UNSUPPORTED', 'pc-esu'), 'pass');
    assert.equal(outcomeOf(result, 'CE-UNSUPPORTED', 'pc-noesu'), 'fail');
    assert.equal(outcomeOf(result, 'CE-UNSUPPORTED', 'pc-d14'), 'pass');
    const failed = result.checks.find((c) => c.ruleId === 'CE-UNSUPPORTED' && c.outcome === 'fail');
    assert.match(failed?.reasons?.[0]?.message ?? '', /pc-noesu.*not enrolled in extended security updates/i);
  });

  it('missing evidence is not evidenced: no scan and no inventory of software, no boundary scan, no AV status', () => {
    assert.equal(outcomeOf(result, 'CE-PATCH-14D', 'pc-noscan'), 'not-evidenced');
    assert.equal(result.checks.find((c) => c.ruleId === 'CE-TC1-BOUNDARY')?.outcome, 'not-evidenced');
    assert.equal(outcomeOf(result, 'CE-MALWARE', 'pc-d14'), 'not-evidenced');
    assert.match(result.checks.find((c) => c.ruleId === 'CE-MALWARE' && c.subject.name.toLowerCase() === 'pc-d14')?.reasons?.[0]?.message ?? '', /not known to be enabled/);
  });

  it('scores count not-evidenced against the organisation and pass only at 100 %', () => {
    assert.equal(result.applicable, result.passed + result.failed + result.notEvidenced);
    assert.equal(result.percent, (result.passed / result.applicable) * 100);
    assert.equal(result.verdict, 'fail');
    const patch = result.rules.find((r) => r.ruleId === 'CE-PATCH-14D');
    assert.deepEqual({ passed: patch?.passed, failed: patch?.failed, notEvidenced: patch?.notEvidenced }, { passed: 5, failed: 1, notEvidenced: 1 });
    const support = result.rules.find((r) => r.ruleId === 'CE-UNSUPPORTED');
    assert.deepEqual({ passed: support?.passed, failed: support?.failed, notEvidenced: support?.notEvidenced }, { passed: 6, failed: 1, notEvidenced: 0 });
  });

  it('the remediation plan names the product and the devices, and the snapshot records its versions', () => {
    const update = result.plan.actions.find((a) => a.kind === 'update-software');
    assert.match(update?.description ?? '', /Product B < 3\.1/);
    assert.deepEqual(update?.cves, ['CVE-2026-1002']);
    assert.ok(result.plan.actions.some((a) => a.kind === 'retire-software' && /Windows 10/.test(a.description)));
    assert.ok(result.evidence.importId !== null);
    assert.equal(result.asOf, asOf);
    assert.equal(result.ceVersion, '3.3');
    assert.match(result.inputDigest, /^[0-9a-f]{64}$/);
  });

  it('an organisation without any evidence is wholly not evidenced and scores 0', async () => {
    const empty = await makeOrganisation(context);
    const nothing = await assessOrganisation(context, operator, empty.id, { asOf, trigger: 'manual' });
    assert.equal(nothing.failed, 0);
    assert.equal(nothing.passed, 0);
    assert.ok(nothing.notEvidenced > 0);
    assert.equal(nothing.percent, 0);
    assert.equal(nothing.verdict, 'fail');
  });
});
