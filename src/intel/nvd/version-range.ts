import type { VersionComparator } from '../versions/index.js';
import type { NvdCpeMatch } from './nvd-model.js';

export type RangeCheck = { inRange: boolean; bound: string; failed: string | undefined };

export function hasVersionRange(match: NvdCpeMatch): boolean {
  return (
    match.versionStartIncluding !== undefined ||
    match.versionStartExcluding !== undefined ||
    match.versionEndIncluding !== undefined ||
    match.versionEndExcluding !== undefined
  );
}

/** Interval notation for reasons: `[2.0.1, 2.15.0)`; an open side is written `*`. */
export function describeRange(match: NvdCpeMatch): string {
  const lower = match.versionStartIncluding !== undefined ? `[${match.versionStartIncluding}` : match.versionStartExcluding !== undefined ? `(${match.versionStartExcluding}` : '(*';
  const upper = match.versionEndIncluding !== undefined ? `${match.versionEndIncluding}]` : match.versionEndExcluding !== undefined ? `${match.versionEndExcluding})` : '*)';
  return `${lower}, ${upper}`;
}

/** Checks all four NVD bounds; `failed` names the first bound the version violates. */
export function checkRange(version: string, match: NvdCpeMatch, comparator: VersionComparator): RangeCheck {
  const cmp = (bound: string): number => comparator.compare(version, bound);
  const bound = describeRange(match);
  const failures: [boolean, string][] = [
    [match.versionStartIncluding !== undefined && cmp(match.versionStartIncluding) < 0, `below versionStartIncluding ${match.versionStartIncluding ?? ''}`],
    [match.versionStartExcluding !== undefined && cmp(match.versionStartExcluding) <= 0, `not above versionStartExcluding ${match.versionStartExcluding ?? ''}`],
    [match.versionEndIncluding !== undefined && cmp(match.versionEndIncluding) > 0, `above versionEndIncluding ${match.versionEndIncluding ?? ''}`],
    [match.versionEndExcluding !== undefined && cmp(match.versionEndExcluding) >= 0, `not below versionEndExcluding ${match.versionEndExcluding ?? ''}`],
  ];
  const failed = failures.find(([violated]) => violated)?.[1];
  return { inRange: failed === undefined, bound, failed };
}
