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
import { intelTestFile } from '../intel/intel-test-support.js';
import { loadIntelFiles } from '../intel/load-intel-files.js';
import { debian12, osqueryResultsLog } from './exposure-test-support.js';
import type { DeviceSoftwareExposure, OrganisationExposure } from './organisation-exposure.js';
import { readOrganisationExposure } from './read-organisation-exposure.js';

const scratch = mkdtempSync(join(tmpdir(), 'ward-coverage-'));
const ubuntu = (release: string) => ({ name: 'Ubuntu', version: `${release} LTS`, major: release.split('.')[0] ?? '', minor: release.split('.')[1] ?? '', build: '', platform: 'ubuntu' });

describeEachEngine('matching beyond NVD: CVE 5 CNA data, CISA Vulnrichment and distribution OSV records', ({ database, it }) => {
  let context: ServiceContext;
  let trust: Organisation;
  let exposure: OrganisationExposure;

  const on = (hostname: string, name: string): DeviceSoftwareExposure[] => {
    const device = devices.get(hostname);
    return exposure.software.filter((s) => s.deviceId === device && s.name === name);
  };
  const devices = new Map<string, string>();

  before(async () => {
    context = serviceContext(database());
    const outcomes = await loadIntelFiles(context, operator, {
      files: ['nvd/osv-CVE-2024-3094.json', 'cve5/CVE-2024-4577.json', 'cve5/CVE-2024-45519.json', 'cve5/CVE-2025-0411.json', 'osv/UBUNTU-CVE-2024-3094.json'].map(intelTestFile),
    });
    assert.deepEqual(outcomes.map((o) => (o.status === 'loaded' ? o.kind : o.status)), ['nvd', 'cve5', 'cve5', 'cve5', 'osv']);
    trust = await makeOrganisation(context);
    const path = join(scratch, `${trust.odsCode}.log`);
    writeFileSync(path, osqueryResultsLog([
      { hostname: 'WEB-PHP', os: ubuntu('22.04'), programs: [{ name: 'PHP', version: '8.1.28', publisher: 'The PHP Group' }, { name: '7-Zip 24.08 (x64)', version: '24.08', publisher: 'Igor Pavlov' }] },
      { hostname: 'WEB-PHP-FIXED', os: ubuntu('22.04'), programs: [{ name: 'PHP', version: '8.1.29', publisher: 'The PHP Group' }] },
      { hostname: 'MAIL-OLD', os: ubuntu('22.04'), programs: [{ name: 'Zimbra Collaboration Suite', version: '10.0.8', publisher: 'Synacor' }] },
      { hostname: 'MAIL-NEW', os: ubuntu('22.04'), programs: [{ name: 'Zimbra Collaboration Suite', version: '10.1.1', publisher: 'Synacor' }] },
      { hostname: 'UBU-NOBLE', os: ubuntu('24.04'), debs: [{ name: 'xz-utils', version: '5.6.1+really5.4.5-1ubuntu0.2' }, { name: 'liblzma5', version: '5.6.1+really5.4.5-1ubuntu0.2' }] },
      { hostname: 'UBU-JAMMY', os: ubuntu('22.04'), debs: [{ name: 'xz-utils', version: '5.2.5-2' }] },
      { hostname: 'DEB-SID-XZ', os: debian12, debs: [{ name: 'xz-utils', version: '5.6.1-1' }] },
    ]));
    await importEvidence(context, operator, { odsCode: trust.odsCode, filePath: path, fileName: 'estate.log' });
    for (const d of await context.database.db.selectFrom('devices').select(['id', 'hostname']).where('organisation_id', '=', trust.id).execute()) devices.set(d.hostname ?? '', d.id);
    exposure = await readOrganisationExposure(context, trust.id);
  });

  it('matches PHP 8.1.28 to CVE-2024-4577 from the CNA\'s affected data alone (no NVD record loaded), with CVSS and the fix', () => {
    const [php] = on('WEB-PHP', 'PHP');
    const v = php?.vulnerabilities.find((x) => x.cve === 'CVE-2024-4577');
    assert.ok(v, JSON.stringify(php));
    assert.equal(v.source, 'cve5');
    assert.match(v.reason, /8\.1\.28 in \[8\.1, 8\.1\.29\) affected \(CVE 5 affected data of the CNA \(php\)\)/);
    assert.equal(v.fixedVersion, '8.1.29');
    assert.equal(v.cvssV3, 9.8);
    assert.deepEqual(on('WEB-PHP-FIXED', 'PHP').flatMap((s) => s.vulnerabilities.map((x) => x.cve)), []);
  });

  it('matches 7-Zip 24.08 to CVE-2025-0411 from the CNA\'s single listed version', () => {
    const v = on('WEB-PHP', '7-Zip 24.08 (x64)')[0]?.vulnerabilities.find((x) => x.cve === 'CVE-2025-0411');
    assert.equal(v?.source, 'cve5');
  });

  it('matches Zimbra 10.0.8 to CVE-2024-45519 through the Vulnrichment CPE only (the CNA says "n/a"), not 10.1.1', () => {
    const v = on('MAIL-OLD', 'Zimbra Collaboration Suite')[0]?.vulnerabilities.find((x) => x.cve === 'CVE-2024-45519');
    assert.equal(v?.source, 'vulnrichment');
    assert.match(v?.reason ?? '', /10\.0\.8 in \(\*, 10\.0\.9\) affected \(CISA ADP Vulnrichment CPE\)/);
    assert.deepEqual(on('MAIL-NEW', 'Zimbra Collaboration Suite')[0]?.vulnerabilities, []);
  });

  it('says Ubuntu 24.04\'s xz-utils 5.6.1+really5.4.5-1ubuntu0.2 is NOT vulnerable to CVE-2024-3094, though NVD lists upstream 5.6.1, and says why', () => {
    for (const name of ['xz-utils', 'liblzma5']) {
      const [pkg] = on('UBU-NOBLE', name);
      assert.deepEqual(pkg?.vulnerabilities.map((v) => v.cve), [], name);
      const why = pkg?.notVulnerable?.find((n) => n.cve === 'CVE-2024-3094');
      assert.equal(why?.source, 'osv', name);
      assert.match(why?.reason ?? '', /5\.6\.1\+really5\.4\.5-1ubuntu0\.2 \(Ubuntu:24\.04:LTS\) is at or above the fixed version 5\.4\.5-0\.3 \(UBUNTU-CVE-2024-3094\): the distribution's record beats the nvd match/);
    }
  });

  it('keeps the NVD match where no distribution record speaks (Debian package without a loaded Debian OSV record)', () => {
    const v = on('DEB-SID-XZ', 'xz-utils')[0]?.vulnerabilities.find((x) => x.cve === 'CVE-2024-3094');
    assert.equal(v?.source, 'nvd');
  });

  it('adds what the distribution lists as affected even where the upstream version is outside NVD\'s range (source osv)', () => {
    const v = on('UBU-JAMMY', 'xz-utils')[0]?.vulnerabilities.find((x) => x.cve === 'CVE-2024-3094');
    assert.equal(v?.source, 'osv');
    assert.match(v?.reason ?? '', /listed as affected \(UBUNTU-CVE-2024-3094\)/);
  });
});
