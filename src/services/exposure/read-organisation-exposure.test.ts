import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before } from 'node:test';
import type { Organisation } from '../../core/organisation.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, operator, serviceContext } from '../../test-support/factories.js';
import type { ServiceContext } from '../context.js';
import { importEvidence } from '../imports/import-evidence.js';
import { endoflifeFiles, intelTestFile, kevFile, nvdFiles } from '../intel/intel-test-support.js';
import { loadIntelFiles } from '../intel/load-intel-files.js';
import { cyclonedxSbom, debian12, osqueryResultsLog, windows10, windows7 } from './exposure-test-support.js';
import { matcherStats, nvdGeneration } from './match-products.js';
import type { OrganisationExposure } from './organisation-exposure.js';
import { readOrganisationExposure } from './read-organisation-exposure.js';

const scratch = mkdtempSync(join(tmpdir(), 'ward-exposure-'));
const msrcFiles = ['msrc/cvrfDocument-2017-Mar.xml.gz', 'msrc/cvrfDocument-2017-May.xml.gz', 'msrc/cvrfDocument-2026-Mar.xml.gz'];
const ms17010 = ['CVE-2017-0143', 'CVE-2017-0144', 'CVE-2017-0145', 'CVE-2017-0146', 'CVE-2017-0147', 'CVE-2017-0148'];

async function load(context: ServiceContext, files: string[]): Promise<void> {
  const outcomes = await loadIntelFiles(context, operator, { files: files.map(intelTestFile) });
  assert.deepEqual(outcomes.filter((o) => o.status === 'refused'), []);
}

async function importText(context: ServiceContext, organisation: Organisation, fileName: string, text: string): Promise<void> {
  const path = join(scratch, `${organisation.odsCode}-${fileName}`);
  writeFileSync(path, text);
  await importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: path, fileName });
}

const deviceOf = async (context: ServiceContext, organisation: Organisation, hostname: string): Promise<string> =>
  (await context.database.db.selectFrom('devices').select('id').where('organisation_id', '=', organisation.id).where('hostname', '=', hostname).executeTakeFirstOrThrow()).id;

const cvesOn = (exposure: OrganisationExposure, deviceId: string, name: string): string[] =>
  exposure.software.filter((s) => s.deviceId === deviceId && s.name === name).flatMap((s) => s.vulnerabilities.map((v) => v.cve)).sort();

const osCves = (exposure: OrganisationExposure, deviceId: string): string[] => (exposure.operatingSystems.find((o) => o.deviceId === deviceId)?.vulnerabilities ?? []).map((v) => v.cve).sort();

describeEachEngine('estate matching through import and readOrganisationExposure', ({ database, it }) => {
  let context: ServiceContext;
  let trust: Organisation;
  let other: Organisation;
  let first: OrganisationExposure;
  const id: Record<string, string> = {};

  before(async () => {
    context = serviceContext(database());
    // NVD, MSRC and lifecycle first; KEV only later, to prove it needs no re-matching.
    await load(context, [...nvdFiles, 'nvd/anchore-full-page.json', ...msrcFiles, ...endoflifeFiles]);
    trust = await makeOrganisation(context);
    other = await makeOrganisation(context);
    await importText(context, trust, 'windows.log', osqueryResultsLog([
      { hostname: 'WIN10-OLD', os: windows10('19045.7057'), programs: [
        { name: 'Mozilla Firefox (x64 en-GB)', version: '115.0', publisher: 'Mozilla' },
        { name: 'Security Verify Privilege On-Premises', version: '11.4', publisher: 'IBM' },
        { name: 'Acme Ward Round Planner', version: '3.2', publisher: 'Acme Health Ltd' },
      ] },
      { hostname: 'WIN10-NEW', os: windows10('19045.7058') },
      { hostname: 'WIN7-UNPATCHED', os: windows7, patches: ['KB3212646'] },
      { hostname: 'WIN7-PATCHED', os: windows7, patches: ['KB4012212'] },
      { hostname: 'WIN7-ROLLUP', os: windows7, patches: ['KB4019264'] },
      { hostname: 'WIN7-NO-EVIDENCE', os: windows7 },
    ]));
    await importText(context, trust, 'linux.log', osqueryResultsLog([
      { hostname: 'LNX-HEARTBLEED', os: debian12, debs: [{ name: 'libssl1.0.0', version: '1.0.1f-1' }, { name: 'xz-utils', version: '5.6.1-1' }], programs: [] },
      { hostname: 'LNX-FIXED', os: debian12, debs: [{ name: 'openssl', version: '1.0.1g-1' }, { name: 'xz-utils', version: '5.4.1-0.2' }] },
    ]));
    await importText(context, trust, 'ibm-linux.log', osqueryResultsLog([{ hostname: 'LNX-IBM', os: debian12, programs: [{ name: 'Security Verify Privilege On-Premises', version: '11.4', publisher: 'IBM' }] }]));
    await importText(context, trust, 'app1.cdx.json', cyclonedxSbom('APP-LOG4SHELL', [{ name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }]));
    await importText(context, trust, 'app2.cdx.json', cyclonedxSbom('APP-LOG4J-FIXED', [{ name: 'log4j-core', version: '2.17.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1' }]));
    await importText(context, other, 'other.cdx.json', cyclonedxSbom('OTHER-APP', [{ name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }]));
    for (const host of ['WIN10-OLD', 'WIN10-NEW', 'WIN7-UNPATCHED', 'WIN7-PATCHED', 'WIN7-ROLLUP', 'WIN7-NO-EVIDENCE', 'LNX-HEARTBLEED', 'LNX-FIXED', 'LNX-IBM', 'APP-LOG4SHELL', 'APP-LOG4J-FIXED']) id[host] = await deviceOf(context, trust, host);
    first = await readOrganisationExposure(context, trust.id);
  });

  it('Log4Shell on log4j-core 2.14.1 from an SBOM purl (confidence 1), not on 2.17.1', () => {
    assert.deepEqual(cvesOn(first, id['APP-LOG4SHELL'] ?? '', 'log4j-core'), ['CVE-2021-44228']);
    assert.deepEqual(cvesOn(first, id['APP-LOG4J-FIXED'] ?? '', 'log4j-core'), []);
    const entry = first.software.find((s) => s.deviceId === id['APP-LOG4SHELL']);
    assert.equal(entry?.cpe, 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*');
    assert.equal(entry?.mappingConfidence, 1);
    const log4shell = entry?.vulnerabilities[0];
    assert.equal(log4shell?.source, 'nvd');
    assert.match(log4shell?.reason ?? '', /log4j 2\.14\.1 in \[2\.13\.0, 2\.15\.0\)/);
    assert.equal(log4shell?.cvssV3, 10);
    assert.equal(log4shell?.fixedVersion, '2.15.0');
    assert.equal(log4shell?.kev, false, 'no KEV loaded yet');
    assert.equal(log4shell?.fixReleasedOn, undefined, 'NVD has no fix date and none is invented');
    assert.deepEqual(entry?.support, { cycle: '2', supportEndsOn: null });
  });

  it('Heartbleed on Debian libssl1.0.0 1.0.1f (purl + alias table, upstream version), not on openssl 1.0.1g', () => {
    assert.deepEqual(cvesOn(first, id['LNX-HEARTBLEED'] ?? '', 'libssl1.0.0'), ['CVE-2014-0160']);
    assert.deepEqual(cvesOn(first, id['LNX-FIXED'] ?? '', 'openssl'), []);
    const libssl = first.software.find((s) => s.deviceId === id['LNX-HEARTBLEED'] && s.name === 'libssl1.0.0');
    assert.equal(libssl?.mappingMethod, 'purl', 'osquery gives deb packages a purl');
    assert.equal(libssl?.mappingConfidence, 1);
    assert.match(libssl?.mappingNote ?? '', /compared as upstream 1\.0\.1f/);
  });

  it('an AND-node CVE (IBM Security Verify Privilege on Windows or macOS) applies on Windows, not on Linux', () => {
    const onWindows = cvesOn(first, id['WIN10-OLD'] ?? '', 'Security Verify Privilege On-Premises');
    assert.ok(onWindows.includes('CVE-2022-22377'), onWindows.join(','));
    const reason = first.software.find((s) => s.deviceId === id['WIN10-OLD'] && s.name.startsWith('Security'))?.vulnerabilities.find((v) => v.cve === 'CVE-2022-22377')?.reason;
    assert.match(reason ?? '', /when running on .*windows.*\(device: .*windows/);
    assert.deepEqual(cvesOn(first, id['LNX-IBM'] ?? '', 'Security Verify Privilege On-Premises'), []);
  });

  it('MS17-010 on Windows 7 SP1 without KB4012212/KB4012215, not with the fix or a later rollup; no claim without patch evidence', () => {
    const unpatched = osCves(first, id['WIN7-UNPATCHED'] ?? '');
    for (const cve of ms17010) assert.ok(unpatched.includes(cve), `${cve} on the unpatched Windows 7`);
    for (const host of ['WIN7-PATCHED', 'WIN7-ROLLUP']) {
      const cves = osCves(first, id[host] ?? '');
      for (const cve of ms17010) assert.ok(!cves.includes(cve), `${cve} not on ${host}`);
    }
    const os = first.operatingSystems.find((o) => o.deviceId === id['WIN7-UNPATCHED']);
    assert.equal(os?.msrcProduct, 'Windows 7 for x64-based Systems Service Pack 1');
    const eternalBlue = os?.vulnerabilities.find((v) => v.cve === 'CVE-2017-0144');
    assert.equal(eternalBlue?.source, 'msrc-kb');
    assert.equal(eternalBlue?.fixReleasedOn, '2017-03-14');
    assert.deepEqual(os?.support, { cycle: '7-sp1', supportEndsOn: '2020-01-14' }, 'the endoflife.date page gives Windows 7 no ESU date');
    const silent = first.operatingSystems.find((o) => o.deviceId === id['WIN7-NO-EVIDENCE']);
    assert.deepEqual(silent?.vulnerabilities, []);
    assert.match(silent?.notes?.join(' ') ?? '', /no build with UBR and no installed-KB evidence/);
  });

  it('Windows 10 22H2 below the fixed build is exposed, at the fixed build it is not (March 2026 document)', () => {
    const old = first.operatingSystems.find((o) => o.deviceId === id['WIN10-OLD']);
    const cve = old?.vulnerabilities.find((v) => v.cve === 'CVE-2026-23667');
    assert.equal(cve?.source, 'msrc-build');
    assert.equal(cve?.fixedVersion, '10.0.19045.7058');
    assert.match(cve?.reason ?? '', /build 10\.0\.19045\.7057 < fixed build 10\.0\.19045\.7058/);
    assert.ok(!osCves(first, id['WIN10-NEW'] ?? '').includes('CVE-2026-23667'));
    assert.equal(old?.support?.cycle, '10-22h2');
  });

  it('software that cannot be mapped is listed with the reason, never dropped', () => {
    const acme = first.unmapped.find((u) => u.name === 'Acme Ward Round Planner');
    assert.equal(acme?.deviceId, id['WIN10-OLD']);
    assert.match(acme?.reason ?? '', /no CPE, no known purl, no alias and no NVD product/);
    assert.ok(first.software.some((s) => s.name === 'Acme Ward Round Planner'), 'still in the software list');
    assert.ok(!first.unmapped.some((u) => /^KB\d+/.test(u.name)), 'installed KBs are OS evidence, not unmapped software');
  });

  it('a new KEV entry flips kev at the next read without re-matching anything', async () => {
    const generation = await nvdGeneration(context.database);
    const before = matcherStats.productsMatched;
    await load(context, [kevFile]);
    const after = await readOrganisationExposure(context, trust.id);
    assert.equal(matcherStats.productsMatched, before, 'the matcher did not run');
    assert.equal(await nvdGeneration(context.database), generation);
    const log4shell = after.software.find((s) => s.deviceId === id['APP-LOG4SHELL'])?.vulnerabilities[0];
    assert.equal(log4shell?.kev, true);
    assert.equal(log4shell?.fixReleasedOn, undefined, 'KEV dateAdded is not a fix date');
    assert.equal(after.operatingSystems.find((o) => o.deviceId === id['WIN7-UNPATCHED'])?.vulnerabilities.find((v) => v.cve === 'CVE-2017-0144')?.kev, true);
  });

  it('a new CVE re-matches only the product versions it names (xz), then shows', async () => {
    const before = matcherStats.productsMatched;
    const stored = await context.database.db.selectFrom('exposure_products').select(['vendor', 'version']).where('vendor', '=', 'tukaani').execute();
    await load(context, ['nvd/osv-CVE-2024-3094.json']);
    const after = await readOrganisationExposure(context, trust.id);
    assert.equal(matcherStats.productsMatched - before, stored.length, 'only the xz versions were matched again');
    assert.equal(stored.length, 2);
    assert.deepEqual(cvesOn(after, id['LNX-HEARTBLEED'] ?? '', 'xz-utils'), ['CVE-2024-3094']);
    assert.deepEqual(cvesOn(after, id['LNX-FIXED'] ?? '', 'xz-utils'), []);
  });

  it('an organisation sees only its own devices; a second read of unchanged evidence matches nothing', async () => {
    const before = matcherStats.productsMatched;
    const theirs = await readOrganisationExposure(context, other.id);
    assert.equal(matcherStats.productsMatched, before, 'log4j 2.14.1 was matched once for both organisations');
    assert.equal(theirs.software.length, 1);
    assert.ok(!theirs.software.some((s) => Object.values(id).includes(s.deviceId)));
    assert.deepEqual(theirs.software[0]?.vulnerabilities.map((v) => v.cve), ['CVE-2021-44228']);
  });
});
