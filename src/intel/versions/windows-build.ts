import { compareDigits, type Ordering, type VersionComparator } from './version-comparator.js';

/** `Major.Minor.Build[.Revision]`, e.g. `10.0.19045.4291` or `6.1.7601.23689`. */
const pattern = /^\d+\.\d+(\.\d+){0,2}$/;

/**
 * Windows file and OS versions are plain tuples. Missing trailing parts count as 0, so a build
 * reported without its UBR (`10.0.19045`) ranks below every patched `10.0.19045.x`: callers that
 * only know the build must treat the result as "cannot tell", not "patched".
 */
export function parseWindowsVersion(version: string): [string, string, string, string] | undefined {
  const trimmed = version.trim();
  if (!pattern.test(trimmed)) return undefined;
  const parts = trimmed.split('.');
  return [parts[0] ?? '0', parts[1] ?? '0', parts[2] ?? '0', parts[3] ?? '0'];
}

export const windowsBuildComparator: VersionComparator = {
  scheme: 'windows',
  compare(a, b): Ordering {
    const x = parseWindowsVersion(a);
    const y = parseWindowsVersion(b);
    if (x === undefined || y === undefined) {
      // An unparseable build ranks lowest so it can never look patched.
      if (x === y) return 0;
      return x === undefined ? -1 : 1;
    }
    for (let k = 0; k < 4; k++) {
      const byPart = compareDigits(x[k] ?? '0', y[k] ?? '0');
      if (byPart !== 0) return byPart;
    }
    return 0;
  },
  isValid(version) {
    return parseWindowsVersion(version) !== undefined;
  },
};
