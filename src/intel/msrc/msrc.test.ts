import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { isWardError } from '../../core/errors.js';
import type { CvrfDocument } from './cvrf-model.js';
import { readCvrfXml } from './read-cvrf-xml.js';
import { windowsPatchStatus, type WindowsDevice } from './windows-patch-status.js';

const load = (month: string): CvrfDocument =>
  readCvrfXml(gunzipSync(readFileSync(new URL(`../testdata/msrc/cvrfDocument-${month}.xml.gz`, import.meta.url))).toString('utf8'), month);
const march2017 = load('2017-Mar');
const may2017 = load('2017-May');
const march2026 = load('2026-Mar');
const both2017 = [march2017, may2017];
const invalid = (pattern: RegExp) => (error: unknown) => isWardError(error) && error.code === 'INVALID_INPUT' && pattern.test(error.message);

const win7 = 'Windows 7 for x64-based Systems Service Pack 1';
const r2 = 'Windows Server 2008 R2 for x64-based Systems Service Pack 1';
const win10v1607 = 'Windows 10 Version 1607 for x64-based Systems';
const ms17010 = ['CVE-2017-0143', 'CVE-2017-0144', 'CVE-2017-0145', 'CVE-2017-0146', 'CVE-2017-0147', 'CVE-2017-0148'];
const device = (productName: string, installedKbs: string[] = [], build?: string): WindowsDevice => ({ productName, installedKbs, ...(build ? { build } : {}) });

describe('readCvrfXml on real MSRC documents', () => {
  it('reads the March 2017 document: header, product tree, CVEs and MS17-010 remediations', () => {
    assert.equal(march2017.id, '2017-Mar');
    assert.equal(march2017.title, 'March 2017 Security Updates');
    assert.equal(march2017.releaseDate, '2017-03-14');
    assert.equal(march2017.vulnerabilities.length, 135);
    assert.equal(march2017.products.get('10048'), win7);
    const eternalBlue = march2017.vulnerabilities.find((v) => v.cve === 'CVE-2017-0144');
    assert.equal(eternalBlue?.title, 'Windows SMB Remote Code Execution Vulnerability');
    const kbs = new Set(eternalBlue?.remediations.filter((r) => r.type === 'Vendor Fix').map((r) => r.kb));
    assert.deepEqual([...kbs].sort(), ['4012212', '4012213', '4012214', '4012215', '4012216', '4012217', '4012598', '4012606', '4013198', '4013429']);
    const rollup = eternalBlue?.remediations.find((r) => r.kb === '4012215' && r.productIds.includes('10048'));
    assert.deepEqual([rollup?.subType, rollup?.supersedes], ['Monthly Rollup', ['3212646']]);
  });

  it('reads FixedBuild from a 2026 document', () => {
    assert.equal(march2026.vulnerabilities.length, 424);
    const fix = march2026.vulnerabilities.find((v) => v.cve === 'CVE-2026-23667')?.remediations.find((r) => r.type === 'Vendor Fix' && r.productIds.includes('12097'));
    assert.deepEqual([fix?.kb, fix?.fixedBuild, fix?.supersedes], ['5078885', '10.0.19045.7058', ['5075912']]);
  });

  it('refuses malformed XML with its position, and XML that is not CVRF', () => {
    assert.throws(() => readCvrfXml('<cvrf:cvrfdoc><unclosed></cvrf:cvrfdoc>', 'bad.xml'), invalid(/bad\.xml: not well-formed XML: .*1:/));
    assert.throws(() => readCvrfXml('<html><body/></html>', 'page.html'), invalid(/page\.html: not an MSRC CVRF document/));
    const noCve = '<cvrf:cvrfdoc xmlns:cvrf="c" xmlns:vuln="v"><cvrf:DocumentTracking><cvrf:Identification><cvrf:ID>x</cvrf:ID></cvrf:Identification><cvrf:InitialReleaseDate>2017-03-14T07:00:00Z</cvrf:InitialReleaseDate></cvrf:DocumentTracking><vuln:Vulnerability><vuln:Title>t</vuln:Title></vuln:Vulnerability></cvrf:cvrfdoc>';
    assert.throws(() => readCvrfXml(noCve, 'x.xml'), invalid(/x\.xml: line 1: vulnerability 1 has no valid CVE id/));
  });
});

describe('windowsPatchStatus: MS17-010 on Windows 7 SP1 / Server 2008 R2 (real 2017 documents)', () => {
  for (const cve of ms17010) {
    it(`${cve}: vulnerable with no KB, patched by KB4012212 (security-only) or KB4012215 (rollup)`, () => {
      assert.equal(windowsPatchStatus(both2017, device(win7), cve).status, 'vulnerable');
      assert.equal(windowsPatchStatus(both2017, device(win7, ['KB4012212']), cve).status, 'patched');
      assert.equal(windowsPatchStatus(both2017, device(win7, ['4012215']), cve).status, 'patched');
      assert.equal(windowsPatchStatus(both2017, device(r2, ['KB4012212']), cve).status, 'patched');
    });
  }

  it('the May 2017 monthly rollup KB4019264 includes the March fix; the May security-only KB4019263 does not', () => {
    const rollup = windowsPatchStatus(both2017, device(win7, ['KB4019264']), 'CVE-2017-0144');
    assert.equal(rollup.status, 'patched');
    assert.equal(rollup.reason, 'KB4019264 (Monthly Rollup, 2017-05-09) is cumulative and not older than KB4012215 (Monthly Rollup, 2017-Mar)');
    assert.equal(windowsPatchStatus(both2017, device(win7, ['KB4019263']), 'CVE-2017-0144').status, 'vulnerable');
    assert.equal(windowsPatchStatus([march2017], device(win7, ['KB4019264']), 'CVE-2017-0144').status, 'vulnerable', 'without the May document the rollup is unknown');
  });

  it('the January rollup that KB4012215 supersedes does not patch it', () => {
    const result = windowsPatchStatus(both2017, device(win7, ['KB3212646']), 'CVE-2017-0144');
    assert.equal(result.status, 'vulnerable');
    assert.match(result.reason, /none of .*KB4012212 \(Security Only, 2017-Mar\)/);
  });

  it('Windows 10 1607: KB4013429 or the later cumulative KB4019472 patch it', () => {
    assert.equal(windowsPatchStatus(both2017, device(win10v1607), 'CVE-2017-0144').status, 'vulnerable');
    assert.equal(windowsPatchStatus(both2017, device(win10v1607, ['KB4013429']), 'CVE-2017-0144').status, 'patched');
    assert.equal(windowsPatchStatus(both2017, device(win10v1607, ['KB4019472']), 'CVE-2017-0144').status, 'patched');
  });

  it('answers unknown or not-affected when the data cannot say', () => {
    assert.equal(windowsPatchStatus(both2017, device('Windows 11 Version 24H2 for x64-based Systems'), 'CVE-2017-0144').status, 'unknown');
    assert.equal(windowsPatchStatus(both2017, device(win7), 'CVE-2099-0001').status, 'unknown');
    assert.equal(windowsPatchStatus(both2017, device('Microsoft Office 2010 Service Pack 2 (64-bit editions)'), 'CVE-2017-0144').status, 'not-affected');
  });
});

describe('windowsPatchStatus: Windows 10 22H2 by build and UBR (real 2026 document)', () => {
  const win10 = 'Windows 10 Version 22H2 for x64-based Systems';
  it('patched at or above the FixedBuild, vulnerable below, unknown without a UBR', () => {
    assert.equal(windowsPatchStatus([march2026], device(win10, [], '10.0.19045.7058'), 'CVE-2026-23667').status, 'patched');
    assert.equal(windowsPatchStatus([march2026], device(win10, [], '10.0.19045.10000'), 'CVE-2026-23667').status, 'patched');
    const old = windowsPatchStatus([march2026], device(win10, ['KB5078885'], '10.0.19045.6456'), 'CVE-2026-23667');
    assert.equal(old.status, 'vulnerable', 'the build is authoritative over a KB list');
    assert.match(old.reason, /build 10\.0\.19045\.6456 < fixed build 10\.0\.19045\.7058/);
    assert.equal(windowsPatchStatus([march2026], device(win10, [], '10.0.19045'), 'CVE-2026-23667').status, 'unknown');
  });

  it('falls back to the KB list when the build is not known', () => {
    assert.equal(windowsPatchStatus([march2026], device(win10, ['KB5078885']), 'CVE-2026-23667').status, 'patched');
    assert.equal(windowsPatchStatus([march2026], device(win10, ['KB5075912']), 'CVE-2026-23667').status, 'vulnerable', 'the superseded February update');
  });
});

describe('windowsPatchStatus: supersedence chains (CONSTRUCTED documents)', () => {
  // Real MSRC files in the corpus do not hold a full chain (April 2017 is missing), so this one is built by hand.
  const doc = (id: string, releaseDate: string, cve: string, kb: string, supersedes: string[]): CvrfDocument => ({
    id,
    title: id,
    releaseDate,
    products: new Map([['1', 'Example OS']]),
    vulnerabilities: [{ cve, title: cve, affectedProductIds: ['1'], remediations: [{ type: 'Vendor Fix', kb, description: kb, url: undefined, subType: 'Security Only', supersedes, productIds: ['1'], fixedBuild: undefined }] }],
  });
  const documents = [doc('A', '2020-01-14', 'CVE-2020-0001', '1000001', []), doc('B', '2020-02-11', 'CVE-2020-0002', '1000002', ['1000001']), doc('C', '2020-03-10', 'CVE-2020-0003', '1000003', ['1000002'])];

  it('follows supersedes edges transitively, and not the other way round', () => {
    const result = windowsPatchStatus(documents, device('Example OS', ['1000003']), 'CVE-2020-0001');
    assert.equal(result.status, 'patched');
    assert.equal(result.reason, 'KB1000003 supersedes KB1000002 supersedes KB1000001, which fixes it (KB1000001 (Security Only, A))');
    assert.equal(windowsPatchStatus(documents, device('Example OS', ['1000001']), 'CVE-2020-0003').status, 'vulnerable');
  });
});
