import { PackageURL } from 'packageurl-js';
import { softwareAliases, type OperatingSystemDescription, type SoftwareDescription } from '../../intel/mapping/index.js';
import { distroOfSystem, familyOf, formatOfFamily, judgeOsvPackage, type OsvAffected } from '../../intel/osv/index.js';
import type { WardDatabase } from '../../storage/open-database.js';
import { chunks } from '../intel/upsert-helpers.js';
import type { DeviceSoftwareExposure, ExposedVulnerability } from './organisation-exposure.js';

/** One installed product of the read, with what the precedence rules need to know about it. */
export type PrecedenceItem = { deviceId: string; description: SoftwareDescription; entry: DeviceSoftwareExposure; productId: string | undefined };

type PackageRef = { format: 'deb' | 'rpm' | 'apk'; names: string[]; version: string };

/** A distribution package (deb/rpm/apk, by package type or purl) with its full distribution version. */
function packageOf(d: SoftwareDescription): PackageRef | undefined {
  let format = d.packageType?.toLowerCase();
  let name = d.name;
  let version = d.version ?? undefined;
  if (d.purl) {
    try {
      const purl = PackageURL.fromString(d.purl);
      format = purl.type;
      name = purl.name;
      version = purl.version ?? version;
    } catch {
      // An unreadable purl: the row's own fields still say what it is.
    }
  }
  if ((format !== 'deb' && format !== 'rpm' && format !== 'apk') || !version) return undefined;
  const lower = name.toLowerCase();
  // OSV records name the SOURCE package; the reviewed alias table knows the binaries built from it.
  const alias = softwareAliases.find((a) => a.packages?.ecosystems.includes(format) === true && a.packages.names.includes(lower));
  return { format, names: [...new Set([lower, ...(alias?.packages?.names ?? [])])], version };
}

type OsvHit = { osvId: string; cves: string[]; affected: OsvAffected; exact: boolean };

async function osvHits(database: WardDatabase, distro: string, names: readonly string[]): Promise<OsvHit[]> {
  const rows = await database.db.selectFrom('osv_packages').selectAll().where('distro', '=', distro).where('package', 'in', names).execute();
  if (rows.length === 0) return [];
  const records = new Map<string, string[]>();
  for (const batch of chunks([...new Set(rows.map((r) => r.osv_id))])) {
    for (const r of await database.db.selectFrom('osv_records').select(['id', 'cves']).where('id', 'in', batch).where('withdrawn', 'is', null).execute()) records.set(r.id, JSON.parse(r.cves) as string[]);
  }
  // One entry per record: the one naming the installed package itself, else a sibling binary's.
  const best = new Map<string, OsvHit>();
  for (const row of rows) {
    const cves = records.get(row.osv_id);
    if (!cves) continue;
    const exact = row.package === names[0];
    const seen = best.get(row.osv_id);
    if (seen && (seen.exact || !exact)) continue;
    const stored = JSON.parse(row.affected) as Omit<OsvAffected, 'distro' | 'binaries'>;
    best.set(row.osv_id, { osvId: row.osv_id, cves, exact, affected: { ...stored, distro, binaries: [] } });
  }
  return [...best.values()];
}

async function factsFor(database: WardDatabase, cves: readonly string[]): Promise<Map<string, { cvss?: number; kev: boolean; epss?: number }>> {
  const { db } = database;
  const out = new Map<string, { cvss?: number; kev: boolean; epss?: number }>(cves.map((c) => [c, { kev: false }]));
  for (const batch of chunks(cves)) {
    for (const r of await db.selectFrom('cve5_records').select(['id', 'cvss_score']).where('id', 'in', batch).execute()) if (r.cvss_score !== null) (out.get(r.id) ?? { kev: false }).cvss = r.cvss_score;
    for (const r of await db.selectFrom('cves').select(['id', 'cvss_v3_score']).where('id', 'in', batch).execute()) if (r.cvss_v3_score !== null) (out.get(r.id) ?? { kev: false }).cvss = r.cvss_v3_score;
    for (const r of await db.selectFrom('kev_entries').select('cve_id').where('cve_id', 'in', batch).execute()) (out.get(r.cve_id) ?? { kev: false }).kev = true;
    for (const r of await db.selectFrom('epss_scores').select(['cve_id', 'epss']).where('cve_id', 'in', batch).execute()) (out.get(r.cve_id) ?? { kev: false }).epss = r.epss;
  }
  return out;
}

function dismiss(entry: DeviceSoftwareExposure, cve: string, source: ExposedVulnerability['source'], reason: string): void {
  entry.vulnerabilities = entry.vulnerabilities.filter((v) => v.cve !== cve);
  const list = entry.notVulnerable ?? [];
  if (!list.some((n) => n.cve === cve)) list.push({ cve, source, reason });
  entry.notVulnerable = list;
}

/**
 * The last word of the precedence rules (README, "Sources and precedence"), applied to an
 * organisation's read after per-product matching:
 * - matches the CNA (or NVD) overruled for a product version are listed as `notVulnerable`;
 * - a deb/rpm/apk package on a device whose distribution release Ward knows is judged against that
 *   distribution's OSV records in its own version order (dpkg, rpm, apk): a record saying it is
 *   fixed removes the upstream-range match of the same CVE (back-ports), one saying it is affected
 *   adds or confirms the CVE with source `osv`;
 * - CVSS is filled from CVE 5 records for CVEs that NVD does not hold.
 */
export async function applySourcePrecedence(database: WardDatabase, items: readonly PrecedenceItem[], systems: ReadonlyMap<string, OperatingSystemDescription>): Promise<void> {
  const productIds = [...new Set(items.flatMap((i) => (i.productId ? [i.productId] : [])))];
  const dismissals = new Map<string, { cve_id: string; source: string; reason: string }[]>();
  for (const batch of chunks(productIds)) {
    for (const d of await database.db.selectFrom('exposure_product_dismissals').selectAll().where('product_id', 'in', batch).execute()) dismissals.set(d.product_id, [...(dismissals.get(d.product_id) ?? []), d]);
  }
  const memo = new Map<string, Promise<OsvHit[]>>();
  const added: ExposedVulnerability[] = [];
  for (const item of items) {
    for (const d of (item.productId ? dismissals.get(item.productId) : undefined) ?? []) dismiss(item.entry, d.cve_id, d.source as ExposedVulnerability['source'], d.reason);
    const pkg = packageOf(item.description);
    const os = systems.get(item.deviceId);
    const distro = os ? distroOfSystem(os) : undefined;
    const family = distro ? familyOf(distro) : undefined;
    if (!pkg || !distro || !family || formatOfFamily[family] !== pkg.format) continue;
    const key = `${distro}\u0000${pkg.names.join(' ')}`;
    let hits = memo.get(key);
    if (!hits) {
      hits = osvHits(database, distro, pkg.names);
      memo.set(key, hits);
    }
    for (const hit of await hits) {
      const verdict = judgeOsvPackage(hit.affected, pkg.version);
      if (!verdict) continue;
      for (const cve of hit.cves) {
        const existing = item.entry.vulnerabilities.find((v) => v.cve === cve);
        if (!verdict.affected) {
          if (existing) dismiss(item.entry, cve, 'osv', `${verdict.reason} (${hit.osvId}): the distribution's record beats the ${existing.source} match "${existing.reason}"`);
          continue;
        }
        const reason = `${verdict.reason} (${hit.osvId})`;
        // Replaced, not changed in place: devices running the same product version share match objects.
        if (existing) item.entry.vulnerabilities[item.entry.vulnerabilities.indexOf(existing)] = { ...existing, source: 'osv', reason, ...(verdict.fixedVersion ? { fixedVersion: verdict.fixedVersion } : {}) };
        else {
          const v: ExposedVulnerability = { cve, kev: false, source: 'osv', reason, ...(verdict.fixedVersion ? { fixedVersion: verdict.fixedVersion } : {}) };
          item.entry.vulnerabilities.push(v);
          added.push(v);
        }
      }
    }
  }
  const needFacts = [...added, ...items.flatMap((i) => i.entry.vulnerabilities.filter((v) => v.cvssV3 === undefined && (v.source === 'cve5' || v.source === 'vulnrichment')))];
  if (needFacts.length === 0) return;
  const facts = await factsFor(database, [...new Set(needFacts.map((v) => v.cve))]);
  for (const v of needFacts) {
    const f = facts.get(v.cve);
    if (f?.cvss !== undefined && v.cvssV3 === undefined) v.cvssV3 = f.cvss;
    if (f?.kev) v.kev = true;
    if (f?.epss !== undefined && v.epss === undefined) v.epss = f.epss;
  }
}
