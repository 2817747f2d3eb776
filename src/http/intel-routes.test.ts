import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { VulnerabilityReport } from '../services/intel/find-vulnerabilities.js';
import type { IntelStatus } from '../services/intel/intel-status.js';
import { intelTestFile, kevFile, nvdFiles } from '../services/intel/intel-test-support.js';
import { loadIntelFiles } from '../services/intel/load-intel-files.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext } from '../test-support/factories.js';
import { buildTestServer, call, sessionHeaders } from '../test-support/http.js';
import type { WardServer } from './build-server.js';

describeEachEngine('intel API', ({ database, it }) => {
  let server: WardServer;
  let headers: Record<string, string>;
  before(async () => {
    const context = serviceContext(database());
    await loadIntelFiles(context, operator, { files: [...nvdFiles, kevFile].map(intelTestFile) });
    server = await buildTestServer(context);
    const member = await makeUser(context, 'org-member', { organisation: await makeOrganisation(context) });
    headers = await sessionHeaders(context, member.email);
  });

  it('GET /api/v1/vulns answers an organisation member with the CVEs, KEV data and reason', async () => {
    const response = await call(server.app, { method: 'GET', url: '/api/v1/vulns?product=apache:log4j:2.14.1', headers });
    assert.equal(response.status, 200);
    const report = response.body as VulnerabilityReport;
    assert.deepEqual(report.vulnerabilities.map((v) => [v.cve, v.kev?.dueDate, v.matches[0]?.detail]), [['CVE-2021-44228', '2021-12-24', 'log4j 2.14.1 in [2.13.0, 2.15.0)']]);
    const bad = await call(server.app, { method: 'GET', url: '/api/v1/vulns?product=log4j', headers });
    assert.equal(bad.status, 400);
    const anonymous = await call(server.app, { method: 'GET', url: '/api/v1/vulns?product=apache:log4j:2.14.1' });
    assert.equal(anonymous.status, 401);
  });

  it('GET /api/v1/intel/status lists the feeds with counts', async () => {
    const response = await call(server.app, { method: 'GET', url: '/api/v1/intel/status', headers });
    assert.equal(response.status, 200);
    const status = response.body as IntelStatus;
    assert.deepEqual(status.feeds.filter((f) => f.records > 0).map((f) => [f.kind, f.records]), [['nvd', 8], ['kev', 1674]]);
  });
});
