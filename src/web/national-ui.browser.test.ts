/**
 * The national side of the web UI in Chromium (Debian's, never a downloaded one) on an ASSESSED demo
 * estate, once per database engine: every national page a national admin reaches is opened and
 * checked for sideways overflow at a 1,280 px window and for CSP or script errors; on SQLite each is
 * also checked by axe-core (WCAG 2.2 AA tags) and screenshotted into test-artifacts/screenshots/. The first load of the national dashboard is
 * measured and printed (reported, not asserted: tests check behaviour, not timings).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { systemClock } from '../core/clock.js';
import { loadDemo, type DemoLogin } from '../demo/load-demo.js';
import { buildServer, type WardServer } from '../http/build-server.js';
import { defaultSecuritySettings, type ServiceContext } from '../services/context.js';
import { describeInChromium, launchChromium, wcagViolations } from '../test-support/chromium.js';
import { describeEachEngine } from '../test-support/engines.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = join(root, 'test-artifacts', 'screenshots');
const viewport = { width: 1280, height: 900 };

describeInChromium('national pages in Chromium on an assessed demo estate', () => {
  describeEachEngine('national pages', ({ engine, database, it }) => {
    let server: WardServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let national: DemoLogin | undefined;
    let odsCodes: string[] = [];
    const problems: string[] = [];

    before(async () => {
      mkdirSync(artifacts, { recursive: true });
      const services: ServiceContext = { database: database(), clock: systemClock, security: { ...defaultSecuritySettings, nationalTotpRequired: false } };
      // Six organisations with evidence since 2017, assessed at each date, the WannaCry alert and a drill.
      const demo = await loadDemo(services, { organisations: 6, devicesPerOrg: 12, seed: 'national-browser' });
      national = demo.logins.find((login) => login.role === 'national-admin');
      odsCodes = demo.logins.flatMap((login) => (login.organisation ? [login.organisation] : []));
      server = await buildServer(services, { cookieSecure: false, trustProxy: false, bodyLimitBytes: 1024 * 1024, signInPerMinute: 1000, logLevel: 'silent' });
      const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchChromium();
      context = await browser.newContext({ viewport, baseURL: base });
      page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    });

    after(async () => {
      await browser?.close();
      await server?.app.close();
    });

    /** Opens a page, expects 200 and its heading, then axe, overflow and a screenshot. */
    async function visit(path: string, heading: string | RegExp, file: string): Promise<void> {
      const response = await page.goto(path);
      assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await checkPage(path, file);
    }

    // The markup does not depend on the engine (the data does, and both engines' pages are opened,
    // measured for overflow and watched for CSP errors): axe and the screenshots, the slow part, run
    // on SQLite only.
    const fullChecks = engine === 'sqlite';

    async function checkPage(name: string, file: string): Promise<void> {
      if (fullChecks) assert.deepEqual(await wcagViolations(page), [], `axe found violations on ${name}`);
      // A wide table or chart must scroll inside its own box, never push the whole page sideways.
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      if (width > viewport.width) {
        // Name the outermost elements that stick out, so the failure says what to fix.
        const culprits = await page.evaluate<string[]>(
          `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > ${viewport.width} && !(e.parentElement && e.parentElement.getBoundingClientRect().right > ${viewport.width})).slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') + (e.querySelector('caption') ? ' "' + e.querySelector('caption').textContent.trim() + '"' : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')`,
        );
        assert.fail(`${name} is ${width} px wide in a ${viewport.width} px window: ${culprits.join(', ')}`);
      }
      if (fullChecks) await page.screenshot({ path: join(artifacts, `national-${engine}-${file}.png`), fullPage: true });
    }

    it('a national admin signs in to the dashboard of the assessed estate; its first load is measured', async () => {
      assert.ok(national, 'the demo printed no national admin');
      await page.goto('/sign-in?next=%2Fnational');
      await page.getByLabel('E-mail address').fill(national.email);
      await page.getByLabel('Password').fill(national.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/national$/);
      assert.equal(await page.getByTestId('figure-organisations').textContent(), '6');
      // The estate is assessed: the heat map has one row per organisation, no "No assessment yet".
      assert.equal(await page.getByText('No assessment yet').count(), 0);
      assert.equal(await page.getByTestId('heat-map').locator('tbody tr').count(), 6);
      await checkPage('/national', '01-dashboard');

      // First load in a fresh context (cold browser cache), reported not asserted.
      const cold = await browser.newContext({ viewport, baseURL: page.url() });
      await cold.addCookies(await context.cookies());
      const fresh = await cold.newPage();
      const started = performance.now();
      await fresh.goto('/national', { waitUntil: 'load' });
      const wall = performance.now() - started;
      const timing = await fresh.evaluate<{ ttfb: number; load: number } | null>(
        `(() => { const n = performance.getEntriesByType('navigation')[0]; return n ? { ttfb: n.responseStart, load: n.loadEventEnd } : null; })()`,
      );
      console.log(`[${engine}] national dashboard first load, 6 assessed organisations (cold cache, Chromium): ${wall.toFixed(0)} ms wall; first byte ${timing?.ttfb.toFixed(0) ?? '?'} ms, load event ${timing?.load.toFixed(0) ?? '?'} ms`);
      await cold.close();
    });

    it('the dashboard filters by region and keeps the filter in the address', async () => {
      const region = await page.locator('#region option').nth(1).getAttribute('value');
      assert.ok(region, 'the region filter offers no region');
      await page.locator('#region').selectOption(region);
      await page.getByRole('button', { name: /filter|apply|show/i }).first().click();
      await page.waitForURL(/region=/);
      const rows = await page.getByTestId('heat-map').locator('tbody tr').count();
      assert.ok(rows >= 1 && rows <= 6, `the filtered heat map has ${rows} rows`);
      await checkPage('/national?region', '02-dashboard-region');
    });

    it('the organisations list, an organisation page and one of its failed checks', async () => {
      await visit('/organisations', 'Organisations', '03-organisations');
      assert.equal(await page.getByTestId('organisations-table').locator('tbody tr').count(), 6);
      const first = odsCodes[0];
      assert.ok(first);
      await page.goto(`/organisations/${first}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await checkPage(`/organisations/${first}`, '04-organisation');
      // A failed check opens (by keyboard) to the devices and reasons behind it, then to its own page.
      const failed = page.locator('details[data-rule]').first();
      assert.ok((await failed.count()) > 0, 'the assessed organisation shows no failed check');
      const ruleId = await failed.getAttribute('data-rule');
      await failed.locator('summary').focus();
      await page.keyboard.press('Enter');
      assert.equal(await failed.getAttribute('open'), '');
      assert.ok((await failed.locator('.nhsuk-details__text li').count()) > 0, 'the opened check lists no device');
      await page.goto(`/organisations/${first}/checks/${encodeURIComponent(ruleId ?? '')}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await checkPage('a failed check', '05-check');
    });

    it('the assessor page of an organisation', async () => {
      const first = odsCodes[0];
      await visit(`/organisations/${first}/assessor`, /assessor|sample|manual/i, '06-assessor');
    });

    it("an alert's board opens from the dashboard's alert compliance, then every alert and the issue form", async () => {
      await page.goto('/national');
      await page.getByTestId('alerts-table').locator('a[href^="/alerts/"]').first().click();
      await page.waitForURL(/\/alerts\/CC-/);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await checkPage('an alert board', '11-alert-board');
      await visit('/alerts', 'Alerts', '12-alerts');
      await visit('/alerts/new', 'Issue an alert', '13-alert-new');
    });

    it('the latest drill opens from the dashboard, then every drill and the start form', async () => {
      await page.goto('/national');
      await page.getByTestId('drill-link').click();
      await page.waitForURL(/\/drills\/DR-/);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await checkPage('a drill report', '07-drill');
      await visit('/drills', 'Communication drills', '08-drills');
      await visit('/drills/new', 'Start a drill', '09-drill-new');
    });

    it('the incident register opens from the dashboard with its totals', async () => {
      await page.goto('/national');
      await page.getByTestId('incident-register-link').click();
      await page.waitForURL(/\/incidents/);
      await page.getByRole('heading', { level: 1, name: 'Incident register' }).waitFor();
      await checkPage('/incidents', '10-incidents');
    });

    it('no page broke the Content-Security-Policy or threw a script error', () => {
      assert.deepEqual(problems, []);
    });
  });
});
