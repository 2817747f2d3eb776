import { comparatorFor, parseWindowsVersion } from '../../intel/versions/index.js';
import type { ServiceContext } from '../context.js';
import { currentDeviceImports, type CurrentDeviceImport } from '../evidence/current-evidence.js';
import { readOrganisationExposure } from '../exposure/read-organisation-exposure.js';
import type { AlertConditions } from './alert-conditions.js';

export type OrganisationAlertExposure = {
  organisationId: string;
  /** Affected device → why, e.g. "qualys-asset-report 91345 names CVE-2017-0144". */
  affected: Map<string, string[]>;
  inScopeDevices: number;
  /** In-scope devices with current evidence completed at or after the alert was issued. */
  coveredDevices: number;
  /** The newest completed import considered. */
  evidenceThrough: string | null;
};

export type ExposureOptions = {
  /** Ask the intel matcher (readOrganisationExposure) too: worth it only when intel knows the CVEs. */
  useMatcher: boolean;
};

const chunk = 500;

/**
 * Which devices of one organisation the alert's conditions hit, from the organisation's CURRENT
 * evidence only (currentDeviceImports: the newest import per device and format), and whether
 * evidence newer than the alert covers its in-scope devices (needed to verify remediation).
 */
export async function computeOrganisationExposure(context: ServiceContext, conditions: AlertConditions, issuedAt: string, organisationId: string, options: ExposureOptions): Promise<OrganisationAlertExposure> {
  const current = await currentDeviceImports(context.database, organisationId);
  const affected = new Map<string, string[]>();
  const hit = (deviceId: string, reason: string) => {
    const reasons = affected.get(deviceId) ?? [];
    if (!reasons.includes(reason)) reasons.push(reason);
    affected.set(deviceId, reasons);
  };
  const isCurrent = currentPairs(current);
  const importIds = [...new Set(current.map((c) => c.importId))];
  const { db } = context.database;

  if (conditions.cves.length > 0) {
    const wanted = new Set(conditions.cves);
    for (const ids of chunks(importIds)) {
      const rows = await db
        .selectFrom('findings')
        .select(['device_id', 'import_id', 'tool', 'check_id', 'cves'])
        .where('organisation_id', '=', organisationId)
        .where('import_id', 'in', ids)
        .where((eb) => eb.or(conditions.cves.map((cve) => eb('cves', 'like', `%${cve}%`))))
        .execute();
      for (const row of rows) {
        if (!isCurrent(row.device_id, row.import_id)) continue;
        for (const cve of parseStrings(row.cves)) {
          if (wanted.has(cve.toUpperCase())) hit(row.device_id, `${row.tool} finding ${row.check_id} names ${cve.toUpperCase()}`);
        }
      }
    }
    if (options.useMatcher) {
      const exposure = await readOrganisationExposure(context, organisationId);
      for (const software of exposure.software) {
        for (const v of software.vulnerabilities) if (wanted.has(v.cve.toUpperCase())) hit(software.deviceId, `${software.name} ${software.version ?? ''}: ${v.cve} (${v.reason})`.replace('  ', ' '));
      }
      for (const os of exposure.operatingSystems) {
        for (const v of os.vulnerabilities) if (wanted.has(v.cve.toUpperCase())) hit(os.deviceId, `operating system: ${v.cve} (${v.reason})`);
      }
    }
  }

  if (conditions.products.length > 0 || conditions.windows) {
    const installedKbs = new Map<string, Set<string>>();
    for (const ids of chunks(importIds)) {
      const rows = await db.selectFrom('software').select(['device_id', 'import_id', 'name', 'vendor', 'version']).where('organisation_id', '=', organisationId).where('import_id', 'in', ids).execute();
      for (const row of rows) {
        if (!isCurrent(row.device_id, row.import_id)) continue;
        const kb = /\bKB\d{6,8}\b/i.exec(row.name)?.[0]?.toUpperCase();
        if (kb) installedKbs.set(row.device_id, (installedKbs.get(row.device_id) ?? new Set()).add(kb));
        for (const product of conditions.products) {
          if (!row.name.toLowerCase().includes(product.name.toLowerCase())) continue;
          if (product.vendor && !(row.vendor ?? '').toLowerCase().includes(product.vendor.toLowerCase())) continue;
          const why = inRange(row.version, product);
          if (why) hit(row.device_id, `${row.name} ${why}`);
        }
      }
    }
    if (conditions.windows) await windowsHits(context, organisationId, importIds, isCurrent, conditions.windows, installedKbs, hit);
  }

  for (const observation of conditions.observations) {
    for (const ids of chunks(importIds)) {
      const rows = await db.selectFrom('observations').select(['device_id', 'import_id', 'value']).where('organisation_id', '=', organisationId).where('import_id', 'in', ids).where('key', '=', observation.key).execute();
      for (const row of rows) {
        if (isCurrent(row.device_id, row.import_id) && parseJson(row.value) === observation.equals) hit(row.device_id, `${observation.key} = ${JSON.stringify(observation.equals)}`);
      }
    }
  }

  for (const port of conditions.ports) {
    for (const ids of chunks(importIds)) {
      const rows = await db.selectFrom('services').select(['device_id', 'import_id', 'state']).where('organisation_id', '=', organisationId).where('import_id', 'in', ids).where('port', '=', port.port).where('protocol', '=', port.protocol).execute();
      for (const row of rows) if (isCurrent(row.device_id, row.import_id) && row.state === 'open') hit(row.device_id, `port ${port.port}/${port.protocol} open`);
    }
  }

  const coverage = await coverageSince(context, organisationId, current, issuedAt);
  const evidenceThrough = current.reduce<string | null>((newest, c) => (newest === null || c.completedAt > newest ? c.completedAt : newest), null);
  return { organisationId, affected, ...coverage, evidenceThrough };
}

async function windowsHits(
  context: ServiceContext,
  organisationId: string,
  importIds: string[],
  isCurrent: (deviceId: string, importId: string) => boolean,
  windows: NonNullable<AlertConditions['windows']>,
  installedKbs: Map<string, Set<string>>,
  hit: (deviceId: string, reason: string) => void,
): Promise<void> {
  const fixedByLine = new Map<string, string>();
  for (const build of windows.fixedBuilds) {
    const parts = parseWindowsVersion(build);
    if (parts) fixedByLine.set(parts.slice(0, 3).join('.'), build);
  }
  const builds = new Map<string, string>();
  for (const ids of chunks(importIds)) {
    const rows = await context.database.db.selectFrom('device_observations').select(['device_id', 'import_id', 'os_build', 'os_version']).where('organisation_id', '=', organisationId).where('import_id', 'in', ids).execute();
    for (const row of rows) {
      const build = row.os_build ?? row.os_version;
      if (isCurrent(row.device_id, row.import_id) && build && parseWindowsVersion(build)) builds.set(row.device_id, build);
    }
  }
  for (const [deviceId, build] of builds) {
    const parts = parseWindowsVersion(build);
    if (!parts) continue;
    const fixed = fixedByLine.get(parts.slice(0, 3).join('.'));
    if (!fixed) continue;
    if (windows.kbs.some((kb) => installedKbs.get(deviceId)?.has(kb))) continue;
    // A build without its revision cannot be shown patched.
    if (build.split('.').length < 4) hit(deviceId, `Windows ${build}: revision unknown, fixed in ${fixed}`);
    else if (comparatorFor('windows').compare(build, fixed) < 0) hit(deviceId, `Windows ${build} < ${fixed}`);
  }
}

function inRange(version: string | null, range: AlertConditions['products'][number]): string | null {
  const bounded = range.versionStartIncluding ?? range.versionEndExcluding ?? range.versionEndIncluding;
  if (bounded === undefined) return `${version ?? ''} (any version)`.trim();
  if (!version) return 'version unknown: cannot be shown outside the range';
  const comparator = comparatorFor(range.scheme);
  if (range.versionStartIncluding && comparator.compare(version, range.versionStartIncluding) < 0) return null;
  if (range.versionEndExcluding && comparator.compare(version, range.versionEndExcluding) >= 0) return null;
  if (range.versionEndIncluding && comparator.compare(version, range.versionEndIncluding) > 0) return null;
  const bounds = [range.versionStartIncluding ? `>= ${range.versionStartIncluding}` : '', range.versionEndExcluding ? `< ${range.versionEndExcluding}` : '', range.versionEndIncluding ? `<= ${range.versionEndIncluding}` : ''].filter(Boolean);
  return `${version} ${bounds.join(', ')}`;
}

async function coverageSince(context: ServiceContext, organisationId: string, current: CurrentDeviceImport[], issuedAt: string): Promise<{ inScopeDevices: number; coveredDevices: number }> {
  const fresh = new Set(current.filter((c) => c.completedAt >= issuedAt).map((c) => c.deviceId));
  const devices = await context.database.db
    .selectFrom('devices')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb.or([eb('in_scope', 'is', null), eb('in_scope', '<>', 0)]))
    .execute();
  return { inScopeDevices: devices.length, coveredDevices: devices.filter((d) => fresh.has(d.id)).length };
}

function currentPairs(current: CurrentDeviceImport[]): (deviceId: string, importId: string) => boolean {
  const pairs = new Set(current.map((c) => `${c.deviceId} ${c.importId}`));
  return (deviceId, importId) => pairs.has(`${deviceId} ${importId}`);
}

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += chunk) yield items.slice(start, start + chunk);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseStrings(text: string): string[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
