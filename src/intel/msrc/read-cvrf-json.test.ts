import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { isWardError } from '../../core/errors.js';
import { readCvrfJson } from './read-cvrf-json.js';
import { readCvrfXml } from './read-cvrf-xml.js';

// The corpus holds no CVRF JSON. This document is CONSTRUCTED in MSRC's JSON layout (field names
// as used by Microsoft's MsrcSecurityUpdates module, DOMAIN.md §5.3) from the values of the real
// March 2017 XML document for CVE-2017-0144 on Windows 7 x64 SP1, so both readers must agree.
const json = {
  DocumentTitle: { Value: 'March 2017 Security Updates' },
  DocumentTracking: { Identification: { ID: { Value: '2017-Mar' } }, InitialReleaseDate: '2017-03-14T07:00:00Z' },
  ProductTree: { FullProductName: [{ ProductID: '10048', Value: 'Windows 7 for x64-based Systems Service Pack 1' }] },
  Vulnerability: [
    {
      CVE: 'CVE-2017-0144',
      Title: { Value: 'Windows SMB Remote Code Execution Vulnerability' },
      ProductStatuses: [{ ProductID: ['10048'], Type: 3 }],
      Remediations: [
        { Type: 2, Description: { Value: '4012215' }, URL: 'https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB4012215', Supercedence: '3212646', ProductID: ['10048'], SubType: 'Monthly Rollup' },
        { Type: 2, Description: { Value: '4012212' }, URL: 'https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB4012212', ProductID: ['10048'], SubType: 'Security Only' },
      ],
    },
  ],
};

describe('readCvrfJson', () => {
  it('gives the same remediations as the XML reader for the same facts', () => {
    const fromJson = readCvrfJson(json);
    const xml = readCvrfXml(gunzipSync(readFileSync(new URL('../testdata/msrc/cvrfDocument-2017-Mar.xml.gz', import.meta.url))).toString('utf8'));
    const pick = (remediations: { kb: string | undefined; subType: string | undefined; supersedes: string[]; type: string; productIds: string[] }[]) =>
      remediations.filter((r) => r.productIds.includes('10048')).map((r) => [r.type, r.kb, r.subType, r.supersedes]);
    assert.deepEqual([fromJson.id, fromJson.releaseDate, fromJson.products.get('10048')], [xml.id, xml.releaseDate, xml.products.get('10048')]);
    assert.deepEqual(
      pick(fromJson.vulnerabilities[0]?.remediations ?? []),
      pick(xml.vulnerabilities.find((v) => v.cve === 'CVE-2017-0144')?.remediations ?? []),
    );
  });

  it('names the CVE and field of a malformed vulnerability', () => {
    const broken = structuredClone(json);
    const first = broken.Vulnerability[0];
    assert.ok(first?.Remediations[0]);
    (first.Remediations[0] as { Type: unknown }).Type = 'Vendor Fix';
    assert.throws(
      () => readCvrfJson(broken, '2017-Mar.json'),
      (error: unknown) => isWardError(error) && /2017-Mar\.json \(CVE-2017-0144\): Vulnerability\.0\.Remediations\.0\.Type/.test(error.message),
    );
    assert.throws(() => readCvrfJson({}), (error: unknown) => isWardError(error) && /CVRF JSON: DocumentTracking/.test(error.message));
  });
});
