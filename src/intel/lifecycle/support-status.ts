import { invalidInput } from '../../core/errors.js';
import type { LifecycleRelease, Milestone } from './lifecycle-release.js';

export type SupportStatus =
  | { status: 'supported'; cycle: string; until: string | undefined }
  | { status: 'security-only'; cycle: string; until: string | undefined }
  | { status: 'extended'; cycle: string; until: string | undefined }
  /** `since`: the last day support was given (the release's end date). */
  | { status: 'unsupported'; cycle: string; since: string | undefined };

export type SupportOptions = {
  /** The device is enrolled in the vendor's extended (paid) programme, e.g. Microsoft ESU. */
  extendedSupport?: boolean;
};

/**
 * Has the milestone passed on `asOf` (YYYY-MM-DD)? The end date is the last day of support (Microsoft
 * shipped Windows 10's last free update on 2025-10-14; Cyber Essentials treats it as unsupported
 * "after 2025-10-14"), so a release is past its end only from the next day.
 */
function passed(value: Milestone, asOf: string): boolean {
  if (typeof value === 'boolean') return value;
  return value !== undefined && asOf > value;
}

const dateOf = (value: Milestone): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Finds the release cycle for a version: the cycle id itself (`10-22h2`, `2012-r2`), or the
 * longest cycle that prefixes a dotted version (`2.12.4` → `2.12`).
 */
export function findRelease(releases: readonly LifecycleRelease[], version: string): LifecycleRelease | undefined {
  const exact = releases.find((r) => r.cycle.toLowerCase() === version.toLowerCase());
  if (exact) return exact;
  return releases
    .filter((r) => version.startsWith(`${r.cycle}.`))
    .sort((a, b) => b.cycle.length - a.cycle.length)[0];
}

/**
 * Support status of a product version on a date. After end of life a release counts as supported
 * only through an extended programme the device is enrolled in (Windows 10 after 2025-10-14 is
 * unsupported unless it has ESU), and only until that programme ends.
 */
export function supportStatus(releases: readonly LifecycleRelease[], version: string, asOf: string, options: SupportOptions = {}): SupportStatus {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw invalidInput(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const release = findRelease(releases, version);
  if (release === undefined) throw invalidInput(`No release cycle matches version ${version}`);
  const { cycle } = release;
  if (!passed(release.eol, asOf)) {
    return passed(release.support, asOf)
      ? { status: 'security-only', cycle, until: dateOf(release.eol) }
      : { status: 'supported', cycle, until: dateOf(release.support) ?? dateOf(release.eol) };
  }
  const extendedEnds = release.extendedSupport;
  if (options.extendedSupport === true && extendedEnds !== undefined && extendedEnds !== false && !passed(extendedEnds, asOf)) {
    return { status: 'extended', cycle, until: dateOf(extendedEnds) };
  }
  const since = options.extendedSupport === true && passed(extendedEnds, asOf) ? (dateOf(extendedEnds) ?? dateOf(release.eol)) : dateOf(release.eol);
  return { status: 'unsupported', cycle, since };
}
