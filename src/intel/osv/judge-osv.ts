import { apkComparator, dpkgComparator, rpmComparator, type VersionComparator } from '../versions/index.js';
import { familyOf, formatOfFamily, type PackageFormat } from './distro.js';
import type { OsvAffected } from './osv-model.js';

export type OsvVerdict = { affected: boolean; reason: string; fixedVersion: string | undefined };

const comparators: Readonly<Record<PackageFormat, VersionComparator>> = { deb: dpkgComparator, rpm: rpmComparator, apk: apkComparator };

export function comparatorForDistro(distro: string): VersionComparator | undefined {
  const family = familyOf(distro);
  return family ? comparators[formatOfFamily[family]] : undefined;
}

/**
 * Is an installed distribution package version affected according to one OSV `affected` entry?
 * ECOSYSTEM ranges are walked in event order with the distribution's own version order (dpkg,
 * rpm or apk): `introduced` opens, `fixed` and `limit` close before, `last_affected` closes
 * after. The explicit `versions` list counts too. The reason names the event that decided.
 */
export function judgeOsvPackage(entry: OsvAffected, version: string): OsvVerdict | undefined {
  const comparator = entry.distro ? comparatorForDistro(entry.distro) : undefined;
  if (!comparator) return undefined;
  const cmp = (a: string, b: string) => comparator.compare(a, b);
  const where = `${entry.name} ${version} (${entry.ecosystem})`;
  if (entry.versions.some((v) => cmp(v, version) === 0)) return { affected: true, reason: `${where} is listed as affected`, fixedVersion: undefined };
  let fixedAbove: string | undefined;
  for (const range of entry.ranges.filter((r) => r.type === 'ECOSYSTEM')) {
    let open: string | undefined;
    for (const event of range.events) {
      if ('introduced' in event) open = event.introduced === '0' || cmp(version, event.introduced) >= 0 ? event.introduced : undefined;
      else if (open !== undefined) {
        const closing = 'fixed' in event ? event.fixed : 'limit' in event ? event.limit : event.last_affected;
        const inside = 'last_affected' in event ? cmp(version, closing) <= 0 : cmp(version, closing) < 0;
        if (inside) {
          const fixed = 'fixed' in event ? event.fixed : undefined;
          return { affected: true, reason: `${where} in [${open}, ${closing}${'last_affected' in event ? ']' : ')'}`, fixedVersion: fixed };
        }
        if ('fixed' in event) fixedAbove = event.fixed;
        open = undefined;
      }
    }
    if (open !== undefined) return { affected: true, reason: `${where} ≥ ${open} with no fix released`, fixedVersion: undefined };
  }
  return { affected: false, reason: fixedAbove ? `${where} is at or above the fixed version ${fixedAbove}` : `${where} is outside every affected range`, fixedVersion: fixedAbove };
}
