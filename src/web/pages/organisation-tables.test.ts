/**
 * The organisation tables of issue 8 through inject(), on both engines: the organisations list's
 * assessment, legacy and alert columns (values, sorting, export), the organisation page's exposure
 * panel from real NVD, KEV, MSRC and lifecycle records, and the CSV/XLSX exports of the page's
 * tables with their authorisation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before } from 'node:test';
import ExcelJS from 'exceljs';
import type { Organisation } from '../../core/organisation.js';
import type { Principal } from '../../core/principal.js';
import { csrfTokenFor, sessionCookie } from '../../http/authenticate.js';
import type { WardServer } from '../../http/build-server.js';
import { issueAlert } from '../../services/alerts/issue-alert.js';
import { readExposureListing } from '../../services/exposure/cached-organisation-exposure.js';
import { legacySystems } from '../../services/assessment/device-support.js';
import { latestAssessment } from '../../services/assessment/list-assessments.js';
import { runAssessment } from '../../services/assessment/run-assessment.js';
import type { ServiceContext } from '../../services/context.js';
import { cyclonedxSbom, osqueryResultsLog, windows10, windows7 } from '../../services/exposure/exposure-test-support.js';
import { importEvidence } from '../../services/imports/import-evidence.js';
import { endoflifeFiles, intelTestFile, kevFile, msrcFile, nvdFiles } from '../../services/intel/intel-test-support.js';
import { loadIntelFiles } from '../../services/intel/load-intel-files.js';
import { startSession } from '../../services/sessions/start-session.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext, testPassword } from '../../test-support/factories.js';
import { buildTestServer } from '../../test-support/http.js';

const scratch = mkdtempSync(join(tmpdir(), 'ward-org-tables-'));

/** The body's rows of the table marked with data-testid, as arrays of cell texts (tags stripped). */
function tableRows(body: string, testId: string): string[][] {
  const start = body.indexOf(`data-testid="${testId}"`);
  assert.ok(start >= 0, `table ${testId} is on the page`);
  const table = body.slice(start, body.indexOf('</table>', start));
  const tbody = table.slice(table.indexOf('<tbody'));
  return [...tbody.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) =>
      (cell[1] ?? '')
        .replace(/<span class="nhsuk-table-responsive__heading"[^>]*>[\s\S]*?<\/span>/g, '')
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

const csvLines = (body: string) => body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);

describeEachEngine('organisation tables: list columns, exposure panel, exports', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let alpha: Organisation;
  let beta: Organisation;
  let gamma: Organisation;
  let national: { cookie: string };
  let alphaMember: { cookie: string };
  let betaAdmin: { cookie: string; principal: Principal };
  const clock = manualClock(new Date('2026-11-28T09:00:00Z'));

  async function signedIn(email: string) {
    const session = await startSession(context, { email, password: testPassword });
    return { cookie: `${sessionCookie}=${session.token}`, csrf: csrfTokenFor(session.token) };
  }
  const get = (url: string, who: { cookie: string }) => server.app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: who.cookie } });
  async function importText(organisation: Organisation, fileName: string, text: string): Promise<void> {
    const path = join(scratch, `${organisation.odsCode}-${fileName}`);
    writeFileSync(path, text);
    await importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: path, fileName });
  }

  before(async () => {
    context = serviceContext(database(), { clock });
    server = await buildTestServer(context);
    const outcomes = await loadIntelFiles(context, operator, { files: [...nvdFiles, kevFile, msrcFile, ...endoflifeFiles].map(intelTestFile) });
    assert.deepEqual(outcomes.filter((o) => o.status === 'refused'), []);
    // Alpha: a Windows 7 PC missing MS17-010 (legacy and exposed) and an application with Log4Shell.
    alpha = await makeOrganisation(context, { name: 'Alpha Hospitals NHS Foundation Trust', region: 'North West' });
    await importText(alpha, 'windows.log', osqueryResultsLog([
      { hostname: 'ALPHA-WIN7', os: windows7, patches: ['KB3212646'] },
      { hostname: 'ALPHA-WIN10', os: windows10('19045.7058') },
    ]));
    await importText(alpha, 'app.cdx.json', cyclonedxSbom('ALPHA-APP', [{ name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }]));
    await runAssessment(context, operator, { odsCode: alpha.odsCode });
    await issueAlert(context, operator, { reference: 'CC-2026-0101', title: 'Log4Shell', severity: 'critical', conditions: { cves: ['CVE-2021-44228'] }, target: { odsCodes: [alpha.odsCode] } });
    // Beta: a patched application only: matched, nothing vulnerable, no legacy system.
    beta = await makeOrganisation(context, { name: 'Beta Community Trust', region: 'London' });
    await importText(beta, 'app.cdx.json', cyclonedxSbom('BETA-APP', [{ name: 'log4j-core', version: '2.17.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1' }]));
    await runAssessment(context, operator, { odsCode: beta.odsCode });
    // Gamma: nothing yet.
    gamma = await makeOrganisation(context, { name: 'Gamma Partners', region: 'London' });
    national = await signedIn((await makeUser(context, 'national-analyst')).email);
    alphaMember = await signedIn((await makeUser(context, 'org-member', { organisation: alpha })).email);
    const betaUser = await makeUser(context, 'org-admin', { organisation: beta });
    betaAdmin = { ...(await signedIn(betaUser.email)), principal: betaUser.principal };
  });

  async function expected(organisation: Organisation) {
    const latest = await latestAssessment(context, operator, organisation.odsCode);
    const legacy = legacySystems(latest.checks).reduce((sum, group) => sum + group.devices, 0);
    return { percent: latest.percent === null ? '–' : (Math.round(latest.percent * 10) / 10).toFixed(1), standing: latest.verdict === 'pass' ? 'Yes' : latest.acceptable ? 'Acceptable' : 'No', legacy };
  }

  it('the organisations list shows the latest score, CE+ pass, legacy devices, open alerts and newest evidence', async () => {
    const page = await get('/organisations?sort=name', national);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, / style="|<script>/, 'no inline style or script (CSP)');
    assert.match(page.body, /<caption[^>]*>\s*Organisations\b/);
    const rows = new Map(tableRows(page.body, 'organisations-table').map((cells) => [cells[1], cells]));
    const a = await expected(alpha);
    assert.ok(a.legacy >= 1, 'the Windows 7 PC is past support');
    const alphaRow = rows.get(alpha.odsCode);
    assert.deepEqual(alphaRow?.slice(4, 9), ['3', a.percent, a.standing, String(a.legacy), '1']);
    assert.notEqual(alphaRow?.[9], 'None yet');
    const b = await expected(beta);
    assert.deepEqual(rows.get(beta.odsCode)?.slice(4, 9), ['1', b.percent, b.standing, '0', '0']);
    assert.deepEqual(rows.get(gamma.odsCode)?.slice(4, 10), ['0', '–', 'Not assessed', '–', '0', 'None yet']);
    // Every new column's header is a sort link; the sorted one says so with aria-sort.
    for (const sort of ['score', 'pass', 'legacy', 'alerts', 'lastEvidence']) assert.match(page.body, new RegExp(`<th[^>]*scope="col"[^>]*>\\s*<a class="nhsuk-link" href="/organisations\\?sort=${sort}&amp;dir=asc"`));
    assert.match(page.body, /aria-sort="ascending"[^>]*>\s*<a class="nhsuk-link" href="\/organisations\?sort=name&amp;dir=desc"/);
    const own = await get('/organisations', betaAdmin);
    assert.deepEqual(tableRows(own.body, 'organisations-table').map((cells) => cells[1]), [beta.odsCode], 'an organisation user sees only its own organisation');
  });

  it('sorts by each new column on the server, empty values last in both directions', async () => {
    const order = async (query: string) => tableRows((await get(`/organisations?${query}`, national)).body, 'organisations-table').map((cells) => cells[1]);
    assert.deepEqual(await order('sort=alerts&dir=desc'), [alpha.odsCode, ...[beta.odsCode, gamma.odsCode].sort()]);
    assert.deepEqual(await order('sort=legacy&dir=desc'), [alpha.odsCode, beta.odsCode, gamma.odsCode]);
    assert.deepEqual(await order('sort=legacy&dir=asc'), [beta.odsCode, alpha.odsCode, gamma.odsCode], 'never assessed stays last');
    const [a, b] = [await expected(alpha), await expected(beta)];
    const byScore = [alpha, beta].sort((x, y) => Number(x === alpha ? a.percent : b.percent) - Number(y === alpha ? a.percent : b.percent) || x.odsCode.localeCompare(y.odsCode)).map((o) => o.odsCode);
    assert.deepEqual(await order('sort=score&dir=asc'), [...byScore, gamma.odsCode]);
    assert.equal((await order('sort=pass&dir=desc')).at(-1), gamma.odsCode);
    const page = await get('/organisations?sort=legacy&dir=desc', national);
    assert.match(page.body, /aria-sort="descending"[^>]*>\s*<a class="nhsuk-link" href="\/organisations\?sort=legacy&amp;dir=asc"/);
    const paged = await order('sort=legacy&dir=desc&region=London');
    assert.deepEqual(paged, [beta.odsCode, gamma.odsCode], 'the filters still apply');
  });

  it('exports the list with the same columns, filters and sort', async () => {
    const csv = await get('/organisations/export?format=csv&sort=legacy&dir=desc', national);
    assert.equal(csv.statusCode, 200);
    const lines = csvLines(csv.body);
    assert.equal(lines[0], 'ODS code,Organisation,Kind,Region,Devices,Imports,Latest score (%),CE+ pass,Legacy devices,Open alerts,Newest evidence');
    assert.deepEqual(lines.slice(1).map((line) => line.split(',')[0]), [alpha.odsCode, beta.odsCode, gamma.odsCode]);
    const a = await expected(alpha);
    assert.deepEqual(lines[1]?.split(',').slice(6, 10), [a.percent === '–' ? '' : String(Number(a.percent)), a.standing, String(a.legacy), '1']);
    assert.deepEqual(lines[3]?.split(',').slice(6, 11), ['', 'Not assessed', '', '0', '']);
    const xlsx = await get('/organisations/export?format=xlsx&sort=alerts&dir=desc&region=North%20West', national);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Organisations');
    assert.equal(sheet?.rowCount, 2);
    assert.equal(sheet?.getRow(2).getCell(10).value, 1);
  });

  it('the exposure panel lists matched CVEs, known-exploited first then by CVSS, with devices, products and fixes', async () => {
    // Measured, not asserted: the first load compiles the templates, the second is the steady cost.
    await get(`/organisations/${alpha.odsCode}`, alphaMember);
    const started = performance.now();
    const page = await get(`/organisations/${alpha.odsCode}`, alphaMember);
    console.log(`organisation page with its exposure panel (3 devices), second load: ${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, / style="|<script>/, 'no inline style or script (CSP)');
    assert.doesNotMatch(page.body, /Not matched yet/);
    assert.match(page.body, /<caption[^>]*>\s*Vulnerabilities matched on Alpha Hospitals NHS Foundation Trust, known-exploited first\s*<\/caption>/);
    const rows = tableRows(page.body, 'exposure-table');
    const log4shell = rows.find((cells) => cells[0] === 'CVE-2021-44228');
    assert.deepEqual(log4shell?.slice(0, 6), ['CVE-2021-44228', '10.0', 'Yes', '–', '1', 'log4j-core 2.14.1']);
    const eternalBlue = rows.find((cells) => cells[0] === 'CVE-2017-0144');
    assert.ok(eternalBlue, 'MS17-010 on the unpatched Windows 7 PC (MSRC KB)');
    assert.equal(eternalBlue[2], 'Yes');
    assert.match(eternalBlue[5] ?? '', /Windows 7/);
    assert.notEqual(eternalBlue[6], 'Not known', 'the fix is known from MSRC');
    const keys = rows.map((cells) => [cells[2] === 'Yes' ? 1 : 0, cells[1] === '–' ? -1 : Number(cells[1])] as const);
    for (let i = 1; i < keys.length; i += 1) {
      const [previous, current] = [keys[i - 1], keys[i]];
      assert.ok(previous && current && (previous[0] > current[0] || (previous[0] === current[0] && previous[1] >= current[1])), `row ${i} is in KEV-then-CVSS order`);
    }
    assert.match(page.body, /data-testid="exposure-count">\d+ known vulnerabilities \(\d+ known to be exploited\) on 2 of 3 devices/);
    const matched = await get(`/organisations/${beta.odsCode}`, betaAdmin);
    assert.match(matched.body, /data-testid="exposure-none"/, 'matched, nothing vulnerable: not the placeholder');
    const empty = await get(`/organisations/${gamma.odsCode}`, national);
    assert.match(empty.body, /data-testid="exposure-placeholder"[\s\S]*Not matched yet/);
  });

  it('exports the organisation page tables: devices with the search, failing checks, exposure and alerts', async () => {
    const devices = await get(`/organisations/${alpha.odsCode}/export/devices?format=csv&q=win`, alphaMember);
    assert.equal(devices.statusCode, 200);
    assert.match(String(devices.headers['content-disposition']), new RegExp(`attachment; filename="ward-${alpha.odsCode}-devices-2026-11-28\\.csv"`));
    const deviceLines = csvLines(devices.body);
    assert.equal(deviceLines[0], 'Host name,FQDN,IP addresses,Operating system,OS version,Kind,Support,First seen,Last seen');
    assert.deepEqual(deviceLines.slice(1).map((line) => line.split(',')[0]).sort(), ['ALPHA-WIN10', 'ALPHA-WIN7']);
    // Windows 7 and Windows 10 22H2 (support ended October 2025) are both past support on 28 November 2026.
    const legacy = csvLines((await get(`/organisations/${alpha.odsCode}/export/devices?format=csv&support=unsupported`, alphaMember)).body);
    assert.deepEqual(legacy.slice(1).map((line) => line.split(',')[0]).sort(), ['ALPHA-WIN10', 'ALPHA-WIN7']);
    for (const line of legacy.slice(1)) assert.match(line, /,Unsupported \(legacy\),/);
    const app = csvLines((await get(`/organisations/${alpha.odsCode}/export/devices?format=csv&q=app`, alphaMember)).body);
    assert.deepEqual(app.slice(1).map((line) => line.split(',')[0]), ['ALPHA-APP']);
    const page = await get(`/organisations/${alpha.odsCode}?q=win`, alphaMember);
    assert.match(page.body, new RegExp(`href="/organisations/${alpha.odsCode}/export/devices\\?q=win&amp;format=csv"`), 'the page links the export with its search');

    const latest = await latestAssessment(context, operator, alpha.odsCode);
    const failing = latest.checks.filter((c) => c.outcome === 'fail' || c.outcome === 'not-evidenced');
    const checks = await get(`/organisations/${alpha.odsCode}/export/checks?format=xlsx`, alphaMember);
    assert.equal(checks.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(checks.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Failing checks');
    assert.equal(sheet?.rowCount, failing.length + 1);
    assert.equal(sheet?.getRow(1).getCell(1).value, 'Rule');
    assert.ok(failing.some((c) => c.ruleId === sheet?.getRow(2).getCell(1).value));

    const exposure = csvLines((await get(`/organisations/${alpha.odsCode}/export/exposure?format=csv`, alphaMember)).body);
    assert.equal(exposure[0], 'CVE,CVSS v3,Known exploited (KEV),EPSS,Devices,Products,Fixed version or update,Fix released,Host names');
    assert.ok(exposure.some((line) => line.startsWith('CVE-2021-44228,10,Yes,,1,log4j-core 2.14.1,')));
    const shown = /data-testid="exposure-count">(\d+) known vulnerabilities/.exec((await get(`/organisations/${alpha.odsCode}`, alphaMember)).body)?.[1];
    assert.equal(exposure.length - 1, Number(shown), 'every CVE of the panel, not only its first page');

    const alerts = csvLines((await get(`/organisations/${alpha.odsCode}/export/alerts?format=csv`, alphaMember)).body);
    assert.equal(alerts.length, 2);
    assert.match(alerts[1] ?? '', /^CC-2026-0101,Log4Shell,critical,Awaiting acknowledgement,1,/);
  });

  it("an organisation user cannot export another organisation's tables", async () => {
    for (const table of ['devices', 'checks', 'exposure', 'alerts']) {
      const refused = await get(`/organisations/${alpha.odsCode}/export/${table}?format=csv`, betaAdmin);
      assert.equal(refused.statusCode, 403, table);
      assert.doesNotMatch(refused.body, /ALPHA-/);
    }
    assert.equal((await get(`/organisations/${alpha.odsCode}/export/nonsense?format=csv`, alphaMember)).statusCode, 404);
    assert.equal((await get(`/organisations/${alpha.odsCode}/export/devices?format=pdf`, alphaMember)).statusCode, 400);
  });

  it('the exposure panel is kept between reads and follows new evidence (runs last: it changes Beta)', async () => {
    const first = await readExposureListing(context, operator, beta.odsCode);
    assert.equal(await readExposureListing(context, operator, beta.odsCode), first, 'unchanged evidence and intel: the kept listing');
    await importText(beta, 'old-app.cdx.json', cyclonedxSbom('BETA-OLD-APP', [{ name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }]));
    const page = await get(`/organisations/${beta.odsCode}`, betaAdmin);
    assert.deepEqual(tableRows(page.body, 'exposure-table').map((cells) => cells[0]), ['CVE-2021-44228'], 'a new import is seen at once');
    await assert.rejects(readExposureListing(context, { principal: betaAdmin.principal }, alpha.odsCode), /FORBIDDEN|not allowed|access/i);
  });
});
