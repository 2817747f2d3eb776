import { tryParseCpe } from '../cpe/index.js';
import { apkComparator, dpkgComparator, genericComparator, rpmComparator, type VersionComparator } from '../versions/index.js';
import type { Cve5Affected, Cve5Status, Cve5Version } from './cve5-model.js';

export type AffectedVerdict = { status: Cve5Status; reason: string; fixedVersion: string | undefined };

/**
 * The key a CNA's free-text vendor or product is indexed under, in CPE's spelling habits:
 * lower case, runs of spaces and punctuation other than `-` `.` as one `_` ("PHP Group" →
 * `php_group`, "7-Zip" → `7-zip`). Placeholders such as "n/a" give undefined.
 */
export function nameKey(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const key = name.trim().toLowerCase().replace(/[^a-z0-9.-]+/g, '_').replace(/^_+|_+$/g, '');
  return key === '' || key === 'n_a' || key === 'na' || key === 'unknown' || key === 'unspecified' ? undefined : key;
}

/** (vendor, product) pairs an affected entry names: its CPEs, and its free-text names keyed as above. */
export function entryNames(entry: Cve5Affected): { vendor: string; product: string; via: 'cpe' | 'name' }[] {
  const out: { vendor: string; product: string; via: 'cpe' | 'name' }[] = [];
  for (const cpe of entry.cpes) {
    const name = tryParseCpe(cpe);
    if (name?.vendor.kind === 'value' && name.product.kind === 'value') out.push({ vendor: name.vendor.text.toLowerCase(), product: name.product.text.toLowerCase(), via: 'cpe' });
  }
  const vendor = nameKey(entry.vendor);
  const product = nameKey(entry.product ?? entry.packageName);
  if (vendor !== undefined && product !== undefined) out.push({ vendor, product, via: 'name' });
  return out;
}

/**
 * Does a free-text (vendor, product) of a CNA denote the installed CPE-named product? The product
 * key must be the CPE product, or the vendor and product joined ("Apache Tomcat" → `apache_tomcat`
 * for apache:tomcat); the vendor key must be the CPE vendor or start with it as a word
 * ("Apache Software Foundation", "PHP Group").
 */
export function nameDenotes(entry: { vendor: string; product: string }, cpeVendor: string, cpeProduct: string): boolean {
  const vendorAgrees = entry.vendor === cpeVendor || entry.vendor.startsWith(`${cpeVendor}_`) || cpeVendor.startsWith(`${entry.vendor}_`);
  const productAgrees = entry.product === cpeProduct || entry.product === `${cpeVendor}_${cpeProduct}`;
  return vendorAgrees && productAgrees;
}

function comparatorOf(versionType: string | undefined): VersionComparator {
  switch (versionType?.toLowerCase()) {
    case 'rpm':
      return rpmComparator;
    case 'deb':
    case 'dpkg':
    case 'debian':
      return dpkgComparator;
    case 'apk':
      return apkComparator;
    default:
      return genericComparator;
  }
}

/** "24.08 (x64)" → "24.08"; "8.1.*" → "8.1"; placeholders and "0" → undefined (no bound). */
function bound(version: string): string | undefined {
  const cleaned = version.replace(/\s*\(.*\)\s*$/, '').replace(/\.?\*$/, '').trim();
  if (cleaned === '' || cleaned === '0' || /^(n\/a|unspecified|unknown|all|-)$/i.test(cleaned)) return undefined;
  return cleaned;
}

function covers(item: Cve5Version, version: string): { covered: boolean; text: string } {
  const cmp = comparatorOf(item.versionType);
  const lower = bound(item.version);
  const upper = item.lessThan ?? item.lessThanOrEqual;
  if (upper === undefined) {
    // A single version; a wildcard ("8.1.*") covers its whole branch.
    if (lower === undefined) return { covered: false, text: item.version };
    const branch = /\*$/.test(item.version.trim());
    const equal = cmp.compare(version, lower) === 0 || (branch && version.startsWith(`${lower}.`));
    return { covered: equal, text: item.version };
  }
  const upperBound = bound(upper);
  const aboveLower = lower === undefined || cmp.compare(version, lower) >= 0;
  const belowUpper = upperBound === undefined || (item.lessThan !== undefined ? cmp.compare(version, upperBound) < 0 : cmp.compare(version, upperBound) <= 0);
  const text = `${lower === undefined ? '(*' : `[${lower}`}, ${upperBound ?? '*'}${item.lessThan !== undefined ? ')' : ']'}`;
  return { covered: aboveLower && belowUpper, text };
}

/** Is the version at or above a range's lower bound (a `8.1.*` range: in the 8.1 branch)? */
function inBranch(item: Cve5Version, version: string): boolean {
  const lower = bound(item.version);
  if (lower === undefined) return true;
  if (/\*$/.test(item.version.trim())) return version === lower || version.startsWith(`${lower}.`);
  return comparatorOf(item.versionType).compare(version, lower) >= 0;
}

/**
 * The status the `affected` entries naming one product give one version. Entries that cover it
 * decide (`affected` before `unaffected`); otherwise the default status, but only when every
 * entry agrees on it (Vulnrichment splits one product into several entries whose defaults
 * disagree); otherwise a version outside every bounded affected range is not affected, and
 * without ranges the status is unknown. An affected range bounded by `lessThan` names the first
 * fixed version.
 */
export function judgeVersion(entries: readonly Cve5Affected[], version: string): AffectedVerdict {
  const items = entries.flatMap((entry) => entry.versions);
  const covering = items.map((item) => ({ item, ...covers(item, version) })).filter((c) => c.covered);
  const affected = covering.find((c) => c.item.status === 'affected');
  if (affected) {
    const fixed = affected.item.lessThan === undefined ? undefined : bound(affected.item.lessThan);
    return { status: 'affected', reason: `${version} in ${affected.text} affected`, fixedVersion: fixed };
  }
  const unaffected = covering.find((c) => c.item.status === 'unaffected');
  if (unaffected) return { status: 'unaffected', reason: `${version} in ${unaffected.text} unaffected`, fixedVersion: undefined };
  const ranges = items.filter((v) => v.status === 'affected').map((v) => covers(v, version).text);
  // At or past the end of an affected range it is otherwise in (`8.1.29` for `8.1.*` < `8.1.29`):
  // the CNA's `lessThan` is that branch's fix, whatever the default status says of unlisted versions.
  const fixedBranch = items.find((v) => v.status === 'affected' && (v.lessThan ?? v.lessThanOrEqual) !== undefined && inBranch(v, version));
  if (fixedBranch) return { status: 'unaffected', reason: `${version} is past the affected range ${covers(fixedBranch, version).text}`, fixedVersion: undefined };
  const outside = `${version} outside ${ranges.join(', ') || 'the listed versions'}`;
  const defaults = new Set(entries.map((e) => e.defaultStatus));
  const [only] = defaults;
  if (defaults.size === 1 && only !== undefined && only !== 'unknown') return { status: only, reason: `${outside}: default status ${only}`, fixedVersion: undefined };
  const bounded = ranges.length > 0 && items.every((v) => v.status !== 'affected' || v.lessThan !== undefined || v.lessThanOrEqual !== undefined);
  if (bounded) return { status: 'unaffected', reason: `${outside}: not affected`, fixedVersion: undefined };
  return { status: 'unknown', reason: `${version}: no version entry covers it and the default status is unknown`, fixedVersion: undefined };
}
