import { compareDigits, sign, type Ordering, type VersionComparator } from './version-comparator.js';

// Debian Policy §5.6.12: [epoch:]upstream_version[-debian_revision].
type DpkgVersion = { epoch: string; upstream: string; revision: string };

function split(version: string): DpkgVersion {
  const trimmed = version.trim();
  const colon = trimmed.indexOf(':');
  const epoch = colon >= 0 ? trimmed.slice(0, colon) : '0';
  const rest = colon >= 0 ? trimmed.slice(colon + 1) : trimmed;
  const hyphen = rest.lastIndexOf('-');
  return hyphen >= 0
    ? { epoch, upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1) }
    : { epoch, upstream: rest, revision: '' };
}

/** Weight of one non-digit character: `~` before the end of the string, letters before other marks. */
function weight(ch: string | undefined): number {
  if (ch === undefined || isDigit(ch)) return 0;
  if (ch === '~') return -1;
  const code = ch.charCodeAt(0);
  return /[A-Za-z]/.test(ch) ? code : code + 256;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** dpkg's verrevcmp: alternate non-digit and digit runs until one differs. */
function compareFragment(a: string, b: string): Ordering {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const wa = weight(a[i]);
      const wb = weight(b[j]);
      if (wa !== wb) return sign(wa - wb);
      i++;
      j++;
    }
    const startA = i;
    const startB = j;
    while (isDigit(a[i])) i++;
    while (isDigit(b[j])) j++;
    const byNumber = compareDigits(a.slice(startA, i) || '0', b.slice(startB, j) || '0');
    if (byNumber !== 0) return byNumber;
  }
  return 0;
}

const upstreamPattern = /^[0-9][A-Za-z0-9.+~:-]*$/;
const revisionPattern = /^[A-Za-z0-9.+~]+$/;

export const dpkgComparator: VersionComparator = {
  scheme: 'dpkg',
  compare(a, b) {
    const x = split(a);
    const y = split(b);
    return compareDigits(x.epoch || '0', y.epoch || '0') || compareFragment(x.upstream, y.upstream) || compareFragment(x.revision, y.revision);
  },
  isValid(version) {
    const trimmed = version.trim();
    if (trimmed === '' || /\s/.test(trimmed)) return false;
    const { epoch, upstream, revision } = split(trimmed);
    const hasRevision = trimmed.slice(trimmed.indexOf(':') + 1).includes('-');
    // dpkg refuses epochs that do not fit a signed 32-bit int.
    if (!/^[0-9]+$/.test(epoch) || Number(epoch) > 2147483647) return false;
    if (!upstreamPattern.test(upstream)) return false;
    return !hasRevision || revisionPattern.test(revision);
  },
};
