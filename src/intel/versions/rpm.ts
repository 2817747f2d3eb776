import { compareDigits, type Ordering, type VersionComparator } from './version-comparator.js';

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isAlpha = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z]$/.test(ch);
const isSeparator = (ch: string | undefined): boolean =>
  ch !== undefined && !isDigit(ch) && !isAlpha(ch) && ch !== '~' && ch !== '^';

/**
 * rpmvercmp on one version or release string. `~` sorts before everything (pre-releases),
 * `^` sorts after the base version but before any further segment (post-release snapshots).
 * Every other non-alphanumeric character only separates segments.
 */
export function rpmvercmp(a: string, b: string): Ordering {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (isSeparator(a[i])) i++;
    while (isSeparator(b[j])) j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    // The segment type is decided by the left side; the right side yields an empty run if it differs.
    const numeric = isDigit(a[i]);
    const take = numeric ? isDigit : isAlpha;
    const startA = i;
    const startB = j;
    while (take(a[i])) i++;
    while (take(b[j])) j++;
    const segA = a.slice(startA, i);
    const segB = b.slice(startB, j);
    // A number always beats letters at the same position.
    if (segB === '') return numeric ? 1 : -1;
    const byValue = numeric ? compareDigits(segA, segB) : segA < segB ? -1 : segA > segB ? 1 : 0;
    if (byValue !== 0) return byValue;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

type Evr = { epoch: string; version: string; release: string | undefined };

function splitEvr(evr: string): Evr {
  const colon = evr.indexOf(':');
  const epoch = colon >= 0 && /^[0-9]*$/.test(evr.slice(0, colon)) ? evr.slice(0, colon) : '';
  const rest = colon >= 0 && epoch !== '' ? evr.slice(colon + 1) : evr;
  const hyphen = rest.lastIndexOf('-');
  return hyphen >= 0
    ? { epoch, version: rest.slice(0, hyphen), release: rest.slice(hyphen + 1) }
    : { epoch, version: rest, release: undefined };
}

/**
 * Compares full `[epoch:]version[-release]` strings as rpm 4.18's Lua `rpm.vercmp` does: a missing
 * epoch counts as 0, and when the versions tie a side with a release ranks above one without
 * (the oracle answers `1.0-~1` > `1.0`, so this is not a comparison with an empty release).
 */
export function compareEvr(a: string, b: string): Ordering {
  const x = splitEvr(a);
  const y = splitEvr(b);
  const byEpoch = compareDigits(x.epoch || '0', y.epoch || '0');
  if (byEpoch !== 0) return byEpoch;
  const byVersion = rpmvercmp(x.version, y.version);
  if (byVersion !== 0) return byVersion;
  if (x.release === undefined || y.release === undefined) {
    return x.release === y.release ? 0 : x.release === undefined ? -1 : 1;
  }
  return rpmvercmp(x.release, y.release);
}

export const rpmComparator: VersionComparator = {
  scheme: 'rpm',
  compare: compareEvr,
  isValid(version) {
    return /^([0-9]+:)?[A-Za-z0-9._+~^]+(-[A-Za-z0-9._+~^]+)?$/.test(version);
  },
};
