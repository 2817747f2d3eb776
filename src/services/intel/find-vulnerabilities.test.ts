import assert from 'node:assert/strict';
import { before } from 'node:test';
import { WardError } from '../../core/errors.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext } from '../../test-support/factories.js';
import { findVulnerabilities } from './find-vulnerabilities.js';
import { epssFile, intelTestFile, kevFile, msrcFile, nvdFiles } from './intel-test-support.js';
import { loadIntelFiles } from './load-intel-files.js';

const cves = (report: { vulnerabilities: { cve: string }[] }) => report.vulnerabilities.map((v) => v.cve);

describeEachEngine('finding the vulnerabilities of a product version', ({ database, it }) => {
  before(async () => {
    const outcomes = await loadIntelFiles(serviceContext(database()), operator, { files: [...nvdFiles, kevFile, epssFile, msrcFile].map(intelTestFile) });
    assert.ok(outcomes.every((o) => o.status === 'loaded'));
  });

  it('log4j 2.14.1 has Log4Shell, with KEV, EPSS, CVSS, a bounded fix date and the range that matched', async () => {
    const report = await findVulnerabilities(serviceContext(database()), operator, { product: 'apache:log4j:2.14.1' });
    assert.deepEqual(report.platforms, ['cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*']);
    assert.deepEqual(cves(report), ['CVE-2021-44228']);
    const [log4shell] = report.vulnerabilities;
    assert.deepEqual(log4shell?.kev && [log4shell.kev.dateAdded, log4shell.kev.dueDate, log4shell.kev.ransomware], ['2021-12-10', '2021-12-24', 'Known']);
    assert.deepEqual(log4shell?.epss && [log4shell.epss.score, log4shell.epss.percentile], [0.99999, 1]);
    assert.deepEqual(log4shell?.cvss.v3, { score: 10, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' });
    assert.deepEqual(log4shell?.fix && [log4shell.fix.date, log4shell.fix.source, log4shell.fix.precision], ['2021-12-10', 'kev', 'no-later-than']);
    assert.equal(log4shell?.reason, 'CVE-2021-44228 applies (configuration 6): log4j 2.14.1 in [2.13.0, 2.15.0)');
  });

  it('log4j 2.17.1 is a candidate but not vulnerable', async () => {
    const report = await findVulnerabilities(serviceContext(database()), operator, { product: 'apache:log4j:2.17.1' });
    assert.equal(report.candidates, 1);
    assert.deepEqual(cves(report), []);
  });

  it('OpenSSL 1.0.1f has Heartbleed by CPE; 1.0.1g does not', async () => {
    const context = serviceContext(database());
    const vulnerable = await findVulnerabilities(context, operator, { cpe: 'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*' });
    assert.deepEqual(cves(vulnerable), ['CVE-2014-0160']);
    assert.match(vulnerable.vulnerabilities[0]?.reason ?? '', /openssl 1\.0\.1f in \[1\.0\.1, 1\.0\.1g\)/);
    const fixed = await findVulnerabilities(context, operator, { cpe: 'cpe:2.3:a:openssl:openssl:1.0.1g:*:*:*:*:*:*:*' });
    assert.deepEqual(cves(fixed), []);
  });

  it('SMBv1 alone is not enough for MS17-010: its configurations need a Windows platform too', async () => {
    const report = await findVulnerabilities(serviceContext(database()), operator, { product: 'microsoft:server_message_block:1.0' });
    // Five of the six MS17-010 records name server_message_block 1.0 (CVE-2017-0147 does not).
    assert.equal(report.candidates, 5);
    assert.deepEqual(cves(report), []);
  });

  it('malformed queries are INVALID_INPUT and every signed-in role may ask', async () => {
    const context = serviceContext(database());
    const invalid = (e: unknown) => e instanceof WardError && e.code === 'INVALID_INPUT';
    await assert.rejects(findVulnerabilities(context, operator, { product: 'apache:log4j' }), invalid);
    await assert.rejects(findVulnerabilities(context, operator, { cpe: 'cpe:2.3:a:openssl' }), invalid);
    await assert.rejects(findVulnerabilities(context, operator, {}), invalid);
    const member = await makeUser(context, 'org-member', { organisation: await makeOrganisation(context) });
    assert.deepEqual(cves(await findVulnerabilities(context, { principal: member.principal }, { product: 'openssl:openssl:1.0.1f' })), ['CVE-2014-0160']);
  });
});
