import semver from 'semver';
import { sign, type VersionComparator } from './version-comparator.js';

/**
 * Strict SemVer 2.0 via the `semver` package. Invalid input is ordered after a lexical fallback
 * rather than coerced: `semver.coerce` silently drops parts (a Windows UBR, a Debian revision).
 */
export const semverComparator: VersionComparator = {
  scheme: 'semver',
  compare(a, b) {
    const x = semver.valid(a);
    const y = semver.valid(b);
    if (x !== null && y !== null) return semver.compare(x, y);
    if (x !== null) return 1;
    if (y !== null) return -1;
    return sign(a.localeCompare(b, 'en'));
  },
  isValid(version) {
    return semver.valid(version) !== null;
  },
};
