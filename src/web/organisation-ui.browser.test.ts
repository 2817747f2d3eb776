/**
 * The organisation side of the web UI in Chromium (Debian's, never a downloaded one), on a SQLite
 * database with demo organisations and real evidence: open a failed check, acknowledge an alert,
 * upload a report and see the score change after "Assess now", report an incident, download the
 * board report; axe-core (WCAG 2.2 AA tags) on every page, screenshots into test-artifacts/.
 * WARD_SCREENSHOTS_TO_DOCS=1 also refreshes docs/screenshots/organisation.png.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { systemClock } from '../core/clock.js';
import { systemActor } from '../core/principal.js';
import { loadDemo, type DemoLogin } from '../demo/load-demo.js';
import { loadNhsTrusts } from '../demo/nhs-trusts.js';
import { buildServer, type WardServer } from '../http/build-server.js';
import { ms17010Cves, qualysSamplePath } from '../services/alerts/alert-test-support.js';
import { issueAlert } from '../services/alerts/issue-alert.js';
import { runAssessment } from '../services/assessment/run-assessment.js';
import { defaultSecuritySettings, type ServiceContext } from '../services/context.js';
import { importEvidence } from '../services/imports/import-evidence.js';
import { addExercise } from '../services/readiness/add-exercise.js';
import { migrateToLatest } from '../storage/migrate.js';
import { openDatabase, type WardDatabase } from '../storage/open-database.js';
import { describeInChromium, launchChromium, wcagViolations } from '../test-support/chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = join(root, 'test-artifacts', 'screenshots');
const lynisReport = fileURLToPath(new URL('../ingest/formats/testdata/lynis/lynis_one_vuln.dat', import.meta.url));
const suiteName = 'organisation pages in Chromium';

describeInChromium(suiteName, () => {
    let folder = '';
    let database: WardDatabase;
    let server: WardServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let base = '';
    let orgAdmin: DemoLogin | undefined;
    let trust = { odsCode: '', name: '' };
    const problems: string[] = [];

    async function accessible(name: string): Promise<void> {
      const violations = await wcagViolations(page);
      assert.deepEqual(violations, [], `axe found violations on ${name}`);
    }

    async function screenshot(file: string, docs?: string): Promise<void> {
      const path = join(artifacts, file);
      await page.screenshot({ path, fullPage: true });
      if (docs && process.env.WARD_SCREENSHOTS_TO_DOCS === '1') copyFileSync(path, join(root, 'docs', 'screenshots', docs));
    }

    before(async () => {
      mkdirSync(artifacts, { recursive: true });
      folder = mkdtempSync(join(tmpdir(), 'ward-org-browser-'));
      const path = join(folder, 'ward.db');
      database = await openDatabase({ engine: 'sqlite', path, display: path });
      await migrateToLatest(database);
      const services: ServiceContext = { database, clock: systemClock, security: { ...defaultSecuritySettings, nationalTotpRequired: false } };
      const actor = systemActor('test');
      orgAdmin = (await loadDemo(services, { organisations: 3, estate: false })).logins[1];
      const first = loadNhsTrusts()[0];
      assert.ok(first && orgAdmin);
      trust = first;
      // A real Qualys report (two hosts lack MS17-010), assessed twice for a trend, an alert, an exercise with an overdue action.
      await importEvidence(services, actor, { odsCode: trust.odsCode, filePath: qualysSamplePath, fileName: 'Qualys_Sample_Report.xml' });
      await runAssessment(services, actor, { odsCode: trust.odsCode, asOf: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10) });
      await runAssessment(services, actor, { odsCode: trust.odsCode });
      await issueAlert(services, actor, { title: 'MS17-010 (EternalBlue) on SMB servers', severity: 'critical', conditions: { cves: ms17010Cves }, target: { odsCodes: [trust.odsCode] } });
      await addExercise(services, actor, { odsCode: trust.odsCode, heldOn: '2026-06-01', type: 'tabletop', scenario: 'Ransomware on the patient administration system', participants: ['IT', 'Board'], nationalBodiesContacted: true, findings: 'Call tree out of date', actions: [{ description: 'Update the call tree', owner: 'IT manager', dueOn: '2026-07-01' }] });
      server = await buildServer(services, { cookieSecure: false, trustProxy: false, bodyLimitBytes: 1024 * 1024, signInPerMinute: 1000, logLevel: 'silent' });
      base = await server.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base, acceptDownloads: true });
      page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    });

    after(async () => {
      await browser?.close();
      await server?.app.close();
      await database?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    test('an organisation admin opens a failed check and the trend on the organisation page [sqlite]', async () => {
      assert.ok(orgAdmin);
      await page.goto('/sign-in');
      await page.getByLabel('E-mail address').fill(orgAdmin.email);
      await page.getByLabel('Password').fill(orgAdmin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(new RegExp(`/organisations/${trust.odsCode}$`));
      await page.getByTestId('score').waitFor();
      assert.ok(await page.locator('svg[aria-label^="Cyber Essentials Plus score over time"]').isVisible());
      const rule = page.locator('details[data-rule="CE-PATCH-14D"]');
      assert.equal(await rule.locator('.nhsuk-details__text').isVisible(), false, 'closed until opened');
      await rule.locator('summary').click();
      await rule.locator('.nhsuk-details__text').getByText(/MS17-010/).first().waitFor();
      await accessible('organisation page');
      await screenshot('11-organisation-assessment.png', 'organisation.png');
      await rule.getByRole('link', { name: /See all/ }).click().catch(() => page.goto(`/organisations/${trust.odsCode}/checks/CE-PATCH-14D`));
      await page.getByTestId('checks-count').waitFor();
      await accessible('checks of a rule');
      await screenshot('12-organisation-checks.png');
    });

    test('acknowledges the alert and opens the exception form [sqlite]', async () => {
      await page.goto(`/organisations/${trust.odsCode}#alerts`);
      await page.getByRole('button', { name: /^Acknowledge/ }).first().click();
      await page.getByTestId('acknowledged-banner').waitFor();
      assert.equal((await page.getByTestId('alert-state').textContent())?.trim(), 'Acknowledged');
      await page.getByLabel('Why the exposure cannot be removed by the deadline').waitFor();
      await accessible('alert page');
      await screenshot('13-organisation-alert.png');
    });

    test('uploads a report, assesses now and sees the score change [sqlite]', async () => {
      await page.goto(`/organisations/${trust.odsCode}`);
      const before = `${await page.getByTestId('score').textContent()} ${await page.locator('[data-panel="assessment"] p').nth(3).textContent()}`;
      await page.locator('#file').setInputFiles(lynisReport);
      await page.getByRole('button', { name: 'Import file' }).click();
      await page.waitForURL(/imported=/);
      await page.getByTestId('assessment-due').waitFor();
      await page.getByRole('button', { name: 'Assess now' }).click();
      await page.waitForURL(/#assessment$/);
      assert.equal(await page.getByTestId('assessment-due').count(), 0);
      const afterUpload = `${await page.getByTestId('score').textContent()} ${await page.locator('[data-panel="assessment"] p').nth(3).textContent()}`;
      console.log(`Score before the upload: ${before}; after: ${afterUpload}`);
      assert.notEqual(afterUpload, before, 'the score (or the checks behind it) changed');
      await accessible('organisation page after the upload');
    });

    test('reports an incident and downloads the board report [sqlite]', async () => {
      await page.getByRole('link', { name: 'Report an incident' }).click();
      await page.getByRole('heading', { name: 'Report an incident' }).waitFor();
      await accessible('incident form');
      await page.getByLabel('What happened').fill('Phishing e-mail harvested two passwords');
      await page.getByLabel('Started').fill('2026-11-20T08:00:00Z');
      await page.getByLabel('Type').selectOption('phishing');
      await page.getByRole('button', { name: 'Report the incident' }).click();
      await page.getByTestId('reported-banner').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-link').click()]);
      assert.match(download.suggestedFilename(), new RegExp(`^ward-board-report-${trust.odsCode}-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
      await screenshot('14-organisation-after.png');
    });

    test('no page broke the Content-Security-Policy or threw a script error [sqlite]', async () => {
      await context.close();
      assert.deepEqual(problems, []);
    });
});
