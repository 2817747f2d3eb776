/**
 * One organisation built from the REAL tool outputs in src/ingest/formats/testdata (provenance in
 * its SOURCES.md): a Nessus scan with CVSS v3, a Lynis report, an osquery Windows results log and an
 * nmap scan imported as the boundary scan. The expected explained result is written out below.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import { assessOrganisation } from './assess-organisation.js';
import { importText } from './assessment-test-support.js';
import { explainAssessment } from './explain-assessment.js';
import type { StoredAssessment } from './stored-assessment.js';

const testdata = (path: string) => readFileSync(fileURLToPath(new URL(`../../ingest/formats/testdata/${path}`, import.meta.url)), 'utf8');

describeEachEngine('assessment of an organisation built from real tool outputs', ({ database, it }) => {
  let result: StoredAssessment;
  before(async () => {
    const context = serviceContext(database(), { clock: manualClock(new Date('2026-11-28T09:00:00Z')) });
    const organisation = await makeOrganisation(context);
    await importText(context, operator, organisation.odsCode, 'nessus_with_cvssv3.nessus', testdata('nessus/nessus_with_cvssv3.nessus'));
    await importText(context, operator, organisation.odsCode, 'lynis_one_vuln.dat', testdata('lynis/lynis_one_vuln.dat'));
    await importText(context, operator, organisation.odsCode, 'windows-results.log', testdata('osquery/windows-results.log'));
    await importText(context, operator, organisation.odsCode, 'nmap_multiple_port.xml', testdata('nmap/nmap_multiple_port.xml'), { boundary: true });
    result = await assessOrganisation(context, operator, organisation.id, { asOf: '2026-11-28', trigger: 'manual' });
  });

  /**
   * Expected, as of 2026-11-28 (v3.3), no intel loaded: 3 devices (testphp from Nessus, the Lynis
   * Debian 13 host 82103dde74c7, NHS-WS-0142 from osquery; the nmap host is boundary only).
   * 39 checks: 4 pass, 5 fail, 30 not evidenced → 10.3 %, FAIL, not acceptable (a CE-PATCH-14D
   * failure is never marginal under v3.3). Failures: testphp's PHP plugins with fixes from 2006–2020
   * (Nessus patch dates, rated high or CVSS v3 7.5); 82103dde74c7 has Lynis "firewall_active=0" and
   * "malware_scanner_installed=0"; NHS-WS-0142 has SMB1Protocol enabled (osquery); MySQL 3306 is
   * open on the boundary. Not evidenced: no lifecycle intel, no cloud inventory, no sample, and the
   * 12 other boundary services stop at TC1 step 2.
   */
  it('gives the expected explained result', () => {
    const summary = {
      devices: result.deviceCount,
      checks: [result.applicable, result.passed, result.failed, result.notEvidenced],
      verdict: result.verdict,
      acceptable: result.acceptable,
      rules: Object.fromEntries(result.rules.map((r) => [r.ruleId, `${r.outcome} ${r.passed}/${r.failed}/${r.notEvidenced}`])),
    };
    assert.deepEqual(summary, {
      devices: 3,
      checks: [39, 4, 5, 30],
      verdict: 'fail',
      acceptable: false,
      rules: {
        'CE-FW-HOST': 'fail 1/1/1',
        'CE-MALWARE': 'fail 1/1/1',
        'CE-MFA': 'not-evidenced 0/0/1',
        'CE-PATCH-14D': 'fail 2/1/0',
        'CE-SC-AUTORUN': 'not-evidenced 0/0/1',
        'CE-SC-DEFAULT-ACCOUNTS': 'not-evidenced 0/0/3',
        'CE-SC-LOCKOUT': 'not-evidenced 0/0/3',
        'CE-SC-SMB1': 'fail 0/1/0',
        'CE-TC1-BOUNDARY': 'fail 0/1/12',
        'CE-TC3-SUBTESTS': 'not-evidenced 0/0/1',
        'CE-TC4-ASSESSOR': 'not-evidenced 0/0/1',
        'CE-TC5-SEPARATION': 'not-evidenced 0/0/3',
        'CE-UNSUPPORTED': 'not-evidenced 0/0/3',
      },
    });
    assert.equal(result.percent?.toFixed(1), '10.3');
    const text = explainAssessment(result).text;
    assert.match(text, /testphp: nessus 58988 "PHP < 5\.3\.12 \/ 5\.4\.2 CGI Query String Code Execution" \(CVE-2012-1823\) \(rated high\) has had a fix since 2012-05-03, 5322 days ago/);
    assert.match(text, /testphp: nessus 142591 "PHP < 7\.3\.24 Multiple Vulnerabilities" \(CVSS v3 7\.5 ≥ 7\.0\)/);
    assert.match(text, /82103dde74c7: the host firewall is off\./);
    assert.match(text, /82103dde74c7: no anti-malware installed/);
    assert.match(text, /NHS-WS-0142: SMBv1 is enabled\./);
    assert.match(text, /198\.38\.82\.159:3306\/tcp \(mysql\): MySQL \/ MariaDB is open to the internet\./);
    assert.match(text, /NHS-WS-0142: no lifecycle data for Microsoft Windows 10 Enterprise/);
    assert.equal(result.plan.actions.length, 13);
    assert.deepEqual(result.plan.actions.slice(0, 3).map((a) => a.description), ['Set anti-malware to installed on 1 device', 'Set host firewall to enabled on 1 device', 'Set SMBv1 to disabled on 1 device']);
    assert.ok(result.plan.actions.some((a) => a.description === 'Close port 3306/tcp on 198.38.82.159 to the internet'));
  });
});
