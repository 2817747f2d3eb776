import { apkComparator } from './apk.js';
import { dpkgComparator } from './dpkg.js';
import { genericComparator } from './generic.js';
import { rpmComparator } from './rpm.js';
import { semverComparator } from './semver.js';
import type { VersionComparator, VersionScheme } from './version-comparator.js';
import { windowsBuildComparator } from './windows-build.js';

export type { Ordering, VersionComparator, VersionScheme } from './version-comparator.js';
export { compareGeneric } from './generic.js';
export { rpmvercmp, compareEvr } from './rpm.js';
export { compareApk } from './apk.js';
export { parseWindowsVersion } from './windows-build.js';
export { apkComparator, dpkgComparator, genericComparator, rpmComparator, semverComparator, windowsBuildComparator };

const byScheme: Readonly<Record<VersionScheme, VersionComparator>> = {
  generic: genericComparator,
  dpkg: dpkgComparator,
  rpm: rpmComparator,
  apk: apkComparator,
  semver: semverComparator,
  windows: windowsBuildComparator,
};

export function comparatorFor(scheme: VersionScheme): VersionComparator {
  return byScheme[scheme];
}
