/**
 * `npm run screenshots`: the README's screenshots of the national dashboard and an organisation page,
 * taken on the full demo estate (default size, seeded, so the same each time) in Debian's Chromium.
 * The browser tests take their screenshots on a thin estate that keeps them fast; these show what a
 * national team and a trust see after years of evidence.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/core/clock.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { buildServer } from '../src/http/build-server.js';
import { defaultSecuritySettings, type ServiceContext } from '../src/services/context.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { openDatabase } from '../src/storage/open-database.js';
import { launchChromium, wcagViolations } from '../src/test-support/chromium.js';

const root = join(import.meta.dirname, '..');
/** The top of each page: the whole dashboard is over 11,000 pixels tall, too long to read in a README. */
const top = { x: 0, y: 0, width: 1280, height: 2200 };
const violations: string[] = [];
const folder = mkdtempSync(join(tmpdir(), 'ward-screenshots-'));
const path = join(folder, 'ward.db');
const database = await openDatabase({ engine: 'sqlite', path, display: path });
try {
  await migrateToLatest(database);
  const context: ServiceContext = { database, clock: systemClock, security: { ...defaultSecuritySettings, nationalTotpRequired: false } };
  console.log('Building the demo estate (default size)…');
  const demo = await loadDemo(context, {}, (message) => console.log(`  ${message}`));
  const national = demo.logins.find((login) => login.role === 'national-admin');
  if (!national) throw new Error('the demo printed no national login');
  const server = await buildServer(context, { cookieSecure: false, trustProxy: false, bodyLimitBytes: 1024 * 1024, signInPerMinute: 1000, logLevel: 'silent' });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base })).newPage();
    await page.goto('/sign-in?next=%2Fnational');
    await page.getByLabel('E-mail address').fill(national.email);
    await page.getByLabel('Password').fill(national.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/national/);
    const docs = join(root, 'docs', 'screenshots');
    mkdirSync(docs, { recursive: true });
    await page.screenshot({ path: join(docs, 'national-dashboard.png'), fullPage: true, clip: top });
    violations.push(...(await wcagViolations(page)).map((v) => `/national: ${v}`));
    // The organisation with the most organisations' typical picture: the median score, not the best.
    const organisations = await database.db.selectFrom('organisations').select('ods_code').orderBy('ods_code').execute();
    const odsCode = organisations[Math.floor(organisations.length / 2)]?.ods_code;
    if (!odsCode) throw new Error('the demo estate has no organisations');
    await page.goto(`/organisations/${odsCode}`);
    await page.screenshot({ path: join(docs, 'organisation.png'), fullPage: true, clip: top });
    violations.push(...(await wcagViolations(page)).map((v) => `/organisations/${odsCode}: ${v}`));
    console.log(`Wrote docs/screenshots/national-dashboard.png and organisation.png (${odsCode}).`);
    console.log(violations.length === 0 ? 'axe-core (WCAG 2.2 AA): no violation on either page.' : `axe-core (WCAG 2.2 AA) found:\n${violations.join('\n')}`);
  } finally {
    await browser.close();
    await server.app.close();
  }
} finally {
  await database.close();
  rmSync(folder, { recursive: true, force: true });
}
process.exitCode = violations.length === 0 ? 0 : 1;
