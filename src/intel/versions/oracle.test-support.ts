import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/**
 * Differential tests need a real tool. On a developer machine a missing tool skips the test with
 * a loud warning; in CI (`CI=true`) it fails, so the check cannot silently disappear.
 * Returns true when the caller should go on.
 */
export function requireOracle(t: TestContext, binary: string, installHint: string): boolean {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return true;
  const message = `${binary} not found: the differential test did NOT run. Install it with: ${installHint}`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n*** WARNING: ${message} ***\n`);
  t.skip(message);
  return false;
}
