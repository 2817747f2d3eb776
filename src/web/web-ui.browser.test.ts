/**
 * The web UI in a real browser: Debian's Chromium (never a downloaded one) driven by playwright-core,
 * against a server on a SQLite database holding the demo estate (real NHS trusts) with real evidence.
 * Every page is checked by axe-core (WCAG 2.2 AA tags) and screenshotted into test-artifacts/.
 * Without Chromium the suite is skipped loudly; under CI=true that is a failure.
 *
 * WARD_SCREENSHOTS_TO_DOCS=1 also refreshes the README's screenshots in docs/screenshots/.
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
import { defaultSecuritySettings, type ServiceContext } from '../services/context.js';
import { importEvidence } from '../services/imports/import-evidence.js';
import { migrateToLatest } from '../storage/migrate.js';
import { openDatabase, type WardDatabase } from '../storage/open-database.js';
import { describeInChromium, launchChromium, wcagViolations } from '../test-support/chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = join(root, 'test-artifacts', 'screenshots');
const testdata = (path: string) => fileURLToPath(new URL(`../ingest/formats/testdata/${path}`, import.meta.url));
const nessusReport = testdata('nessus/nessus_v_unknown.xml');
const suiteName = 'web UI in Chromium';

describeInChromium(suiteName, () => {
    let folder = '';
    let database: WardDatabase;
    let server: WardServer;
    let browser: Browser;
    let base = '';
    let logins: DemoLogin[] = [];
    let trusts: { odsCode: string; name: string }[] = [];
    const problems: string[] = [];

    async function newContext(): Promise<BrowserContext> {
      // AxeBuilder needs pages of a context of their own (browser.newPage() is refused).
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
      context.on('page', watch);
      return context;
    }

    /** A CSP refusal or a script error on any page fails the suite at the end. */
    function watch(page: Page): void {
      page.on('console', (message) => {
        // Error pages (401, 403, 404) are expected where a test asks for them; their statuses are asserted there.
        if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    }

    async function accessible(page: Page, name: string): Promise<void> {
      const violations = await wcagViolations(page);
      assert.deepEqual(violations, [], `axe found violations on ${name}`);
    }

    async function screenshot(page: Page, file: string, docs?: string): Promise<void> {
      const path = join(artifacts, file);
      await page.screenshot({ path, fullPage: true });
      if (docs && process.env.WARD_SCREENSHOTS_TO_DOCS === '1') {
        mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
        copyFileSync(path, join(root, 'docs', 'screenshots', docs));
      }
    }

    async function signIn(page: Page, login: DemoLogin): Promise<void> {
      await page.getByLabel('E-mail address').fill(login.email);
      await page.getByLabel('Password').fill(login.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }

    before(async () => {
      mkdirSync(artifacts, { recursive: true });
      folder = mkdtempSync(join(tmpdir(), 'ward-browser-'));
      const path = join(folder, 'ward.db');
      database = await openDatabase({ engine: 'sqlite', path, display: path });
      await migrateToLatest(database);
      // The demo logins sign in with a password only (second factors are tested in src/services/second-factor).
      const context: ServiceContext = { database, clock: systemClock, security: { ...defaultSecuritySettings, nationalTotpRequired: false } };
      // The demo estate (10 real trusts) with real evidence in three of them; the first gets its report through the browser.
      logins = (await loadDemo(context, { organisations: 10, estate: false })).logins;
      trusts = loadNhsTrusts().slice(0, 10);
      const evidence: [number, string][] = [[1, 'nmap/full_sudo6.xml'], [2, 'openvas/many_vuln.xml'], [3, 'device-inventory-csv/intune-export.csv']];
      for (const [index, file] of evidence) {
        const odsCode = trusts[index]?.odsCode ?? '';
        await importEvidence(context, systemActor('test'), { odsCode, filePath: testdata(file), fileName: file.split('/').pop() ?? file });
      }
      server = await buildServer(context, { cookieSecure: false, trustProxy: false, bodyLimitBytes: 1024 * 1024, signInPerMinute: 1000, logLevel: 'silent' });
      base = await server.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await server?.app.close();
      await database?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    let admin: BrowserContext;
    let page: Page;

    test('the sign-in page, with its error summary for a wrong password [sqlite]', async () => {
      admin = await newContext();
      page = await admin.newPage();
      await page.goto('/national');
      assert.match(page.url(), /\/sign-in\?next=%2Fnational$/);
      await accessible(page, 'sign-in');
      await screenshot(page, '01-sign-in.png');
      const national = logins[0];
      assert.ok(national);
      await signIn(page, { ...national, password: 'not the password' });
      await page.getByText('There is a problem').waitFor();
      assert.equal((await page.locator('.nhsuk-error-summary a').first().textContent())?.trim(), 'The e-mail address or password is not right');
      await accessible(page, 'sign-in with an error');
      await screenshot(page, '02-sign-in-error.png');
    });

    test('a national admin signs in and sees the national dashboard with its chart [sqlite]', async () => {
      const national = logins[0];
      assert.ok(national);
      await signIn(page, national);
      await page.waitForURL(/\/national$/);
      assert.equal(await page.getByTestId('figure-organisations').textContent(), '10');
      assert.equal(await page.getByTestId('figure-imports').textContent(), '3');
      assert.ok(await page.locator('svg[aria-label="Organisations per region"]').isVisible());
      await page.getByText('No assessment yet').waitFor();
      await accessible(page, 'national dashboard');
      await screenshot(page, '03-national-dashboard.png', 'national-dashboard.png');

      // First load in a fresh context (cold cache), measured and reported, not asserted.
      const cold = await newContext();
      await cold.addCookies(await admin.cookies());
      const fresh = await cold.newPage();
      const started = performance.now();
      await fresh.goto('/national', { waitUntil: 'load' });
      const wall = performance.now() - started;
      // Evaluated in the page (a string, as the compiler knows no DOM types here): the Navigation Timing entry.
      const timing = await fresh.evaluate<{ ttfb: number; domContentLoaded: number; load: number } | null>(
        `(() => { const n = performance.getEntriesByType('navigation')[0]; return n ? { ttfb: n.responseStart, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd } : null; })()`,
      );
      console.log(`National dashboard first load (cold cache, Chromium): ${wall.toFixed(0)} ms wall; navigation timing: first byte ${timing?.ttfb.toFixed(0) ?? '?'} ms, DOMContentLoaded ${timing?.domContentLoaded.toFixed(0) ?? '?'} ms, load ${timing?.load.toFixed(0) ?? '?'} ms`);
      await cold.close();
    });

    test('the organisations list filters by region and drills down to an organisation [sqlite]', async () => {
      await page.getByRole('link', { name: 'Organisations', exact: true }).first().click();
      await page.waitForURL(/\/organisations$/);
      await page.getByTestId('organisations-count').waitFor();
      assert.match((await page.getByTestId('organisations-count').textContent()) ?? '', /^10 organisations/);
      await accessible(page, 'organisations list');
      await screenshot(page, '04-organisations.png');
      const region = await page.locator('#region option').nth(1).getAttribute('value');
      assert.ok(region);
      await page.getByLabel('Region').selectOption(region);
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/region=/);
      const rows = page.getByTestId('organisations-table').locator('tbody tr');
      assert.ok((await rows.count()) >= 1);
      for (const cell of await rows.locator('td:nth-child(3)').allTextContents()) assert.equal(cell.trim(), region);
      const first = trusts[0];
      assert.ok(first);
      await page.goto(`/organisations?q=${first.odsCode}`);
      await page.getByRole('link', { name: first.name }).click();
      await page.waitForURL(new RegExp(`/organisations/${first.odsCode}$`));
      await page.getByRole('heading', { level: 1, name: first.name }).waitFor();
      await accessible(page, 'organisation page before evidence');
    });

    test('uploading a real Nessus report lists the import and its devices, and devices can be searched [sqlite]', async () => {
      const first = trusts[0];
      assert.ok(first);
      await page.locator('#file').setInputFiles(nessusReport);
      await page.getByRole('button', { name: 'Import file' }).click();
      await page.waitForURL(/imported=/);
      await page.getByTestId('import-banner').waitFor();
      assert.match((await page.getByTestId('import-banner').textContent()) ?? '', /nessus_v_unknown\.xml imported \(nessus\)/);
      assert.match((await page.getByTestId('imports-table').textContent()) ?? '', /nessus_v_unknown\.xml/);
      assert.match((await page.getByTestId('devices-count').textContent()) ?? '', /^7 devices/);
      await accessible(page, 'organisation page after an import');
      await screenshot(page, '05-organisation.png');
      const address = /\d+\.\d+\.\d+\.\d+/.exec((await page.getByTestId('devices-table').locator('tbody tr').first().textContent()) ?? '')?.[0];
      assert.ok(address);
      await page.getByLabel('Host name, IP address or serial number').fill(address);
      await page.getByRole('button', { name: 'Search devices' }).click();
      await page.getByTestId('devices-count').filter({ hasText: /^1 device\./ }).waitFor();
      assert.match(page.url(), new RegExp(`q=${address.replace(/\./g, '\\.')}`));
      await accessible(page, 'device search');
    });

    test('an organisation admin who edits the address to another trust gets 403; unknown pages 404 [sqlite]', async () => {
      const orgAdmin = logins[1];
      const [own, other] = trusts;
      assert.ok(orgAdmin && own && other);
      const context = await newContext();
      const tenant = await context.newPage();
      await tenant.goto('/sign-in');
      await signIn(tenant, orgAdmin);
      await tenant.waitForURL(new RegExp(`/organisations/${own.odsCode}$`));
      const response = await tenant.goto(`/organisations/${other.odsCode}`);
      assert.equal(response?.status(), 403);
      await tenant.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
      assert.equal(await tenant.getByText(other.name).count(), 0);
      await accessible(tenant, '403 page');
      await screenshot(tenant, '06-forbidden.png');
      const missing = await tenant.goto('/no/such/page');
      assert.equal(missing?.status(), 404);
      await accessible(tenant, '404 page');
      await screenshot(tenant, '07-not-found.png');
      await tenant.getByRole('button', { name: 'Sign out' }).click();
      await tenant.getByText('You have signed out.').waitFor();
      await context.close();
    });

    test('no page broke the Content-Security-Policy or threw a script error [sqlite]', async () => {
      await admin.close();
      assert.deepEqual(problems, []);
    });
});
