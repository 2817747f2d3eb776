import { existsSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser); WARD_CHROMIUM points elsewhere. */
export const chromiumPath = process.env.WARD_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A browser suite: without Chromium it is skipped loudly, and under CI=true it fails instead, so a
 * missing package can never pass CI unnoticed.
 */
export function describeInChromium(name: string, body: () => void): void {
  if (existsSync(chromiumPath)) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      before(() => {
        throw new Error(`${chromiumPath} is missing and CI=true: the browser tests cannot be skipped in CI (apt-get install chromium)`);
      });
      test('chromium is installed [sqlite]', () => undefined);
    });
  } else {
    console.error(`\n!!! ${chromiumPath} not found: "${name}" is SKIPPED (apt-get install chromium, or set WARD_CHROMIUM) !!!\n`);
    describe(name, { skip: `no Chromium at ${chromiumPath}` }, () => undefined);
  }
}

/** Headless Chromium with the flags these machines need (root, no GPU, no background traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** axe-core's WCAG 2.2 AA violations on the page as it stands, one line each. */
export async function wcagViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact ?? ''}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}
