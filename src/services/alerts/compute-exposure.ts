import { comparatorFor, parseWindowsVersion } from '../../intel/versions/index.js';
import type { ServiceContext } from '../context.js';
import type { OrganisationExposure } from '../exposure/organisation-exposure.js';
import { readOrganisationExposure } from '../exposure/read-organisation-exposure.js';
import type { AlertConditions } from './alert-conditions.js';

export type OrganisationAlertExposure = {
  organisationId: string;
  /** Affected device → why, e.g. "qualys-asset-report finding 91345 names CVE-2017-0144". */
  affected: Map<string, string[]>;
  /** In-scope devices and those seen by an import completed at or after the alert; null when no import is that new. */
  coverage: { inScope: number; covered: number } | null;
  /** The newest completed import of the organisation. */
  evidenceThrough: string | null;
};

export type ExposureOptions = {
  /** Ask the intel matcher (readOrganisationExposure) too: worth it only when intel knows the CVEs. */
  useMatcher: boolean;
  /** Reads an organisation's matched exposure; several alerts recomputed together share one read. */
  readExposure?: (organisationId: string) => Promise<OrganisationExposure>;
};

/** An evidence row that meets a condition; it counts only if its import is current for its device. */
type Candidate = { organisationId: string; deviceId: string; importId: string; reason: string };

const chunkSize = 500;

/**
 * Which devices of each organisation the alert's conditions hit, from CURRENT evidence only, and
 * whether evidence newer than the alert covers each organisation's in-scope devices (needed to
 * verify remediation). Set-based so one alert over a national estate is a few queries: the
 * conditions pick candidate rows across all organisations first, then only the candidates'
 * devices are checked against the current-evidence rule of services/evidence/current-evidence.ts
 * (newest completed import per device and format; `isCurrentFor` below applies the same ordering,
 * and a test checks both agree).
 */
export async function computeOrganisationExposures(context: ServiceContext, conditions: AlertConditions, issuedAt: string, organisationIds: readonly string[], options: ExposureOptions): Promise<OrganisationAlertExposure[]> {
  const { db } = context.database;
  const candidates: Candidate[] = [];
  const windowsBuilds: { organisationId: string; deviceId: string; importId: string; build: string }[] = [];

  for (const orgs of chunks(organisationIds)) {
    if (conditions.cves.length > 0) {
      const wanted = new Set(conditions.cves);
      const rows = await db
        .selectFrom('findings')
        .select(['organisation_id', 'device_id', 'import_id', 'tool', 'check_id', 'cves'])
        .where('organisation_id', 'in', orgs)
        .where((eb) => eb.or(conditions.cves.map((cve) => eb('cves', 'like', `%${cve}%`))))
        .execute();
      for (const row of rows) {
        for (const cve of parseStrings(row.cves)) {
          if (wanted.has(cve.toUpperCase())) candidates.push({ organisationId: row.organisation_id, deviceId: row.device_id, importId: row.import_id, reason: `${row.tool} finding ${row.check_id} names ${cve.toUpperCase()}` });
        }
      }
    }
    for (const product of conditions.products) {
      const rows = await db
        .selectFrom('software')
        .select(['organisation_id', 'device_id', 'import_id', 'name', 'vendor', 'version'])
        .where('organisation_id', 'in', orgs)
        .where((eb) => eb(eb.fn('lower', ['name']), 'like', `%${product.name.toLowerCase()}%`))
        .execute();
      for (const row of rows) {
        if (product.vendor && !(row.vendor ?? '').toLowerCase().includes(product.vendor.toLowerCase())) continue;
        const why = inRange(row.version, product);
        if (why) candidates.push({ organisationId: row.organisation_id, deviceId: row.device_id, importId: row.import_id, reason: `${row.name} ${why}` });
      }
    }
    if (conditions.windows) {
      const lines = [...new Set(conditions.windows.fixedBuilds.map((b) => b.split('.').slice(0, 3).join('.')))];
      const rows = await db
        .selectFrom('device_observations')
        .select(['organisation_id', 'device_id', 'import_id', 'os_build'])
        .where('organisation_id', 'in', orgs)
        .where((eb) => eb.or(lines.flatMap((line) => [eb('os_build', '=', line), eb('os_build', 'like', `${line}.%`)])))
        .execute();
      for (const row of rows) if (row.os_build) windowsBuilds.push({ organisationId: row.organisation_id, deviceId: row.device_id, importId: row.import_id, build: row.os_build });
    }
    for (const observation of conditions.observations) {
      const rows = await db.selectFrom('observations').select(['organisation_id', 'device_id', 'import_id', 'value']).where('organisation_id', 'in', orgs).where('key', '=', observation.key).execute();
      for (const row of rows) {
        if (parseJson(row.value) === observation.equals) candidates.push({ organisationId: row.organisation_id, deviceId: row.device_id, importId: row.import_id, reason: `${observation.key} = ${JSON.stringify(observation.equals)}` });
      }
    }
    for (const port of conditions.ports) {
      const rows = await db
        .selectFrom('services')
        .select(['organisation_id', 'device_id', 'import_id'])
        .where('organisation_id', 'in', orgs)
        .where('port', '=', port.port)
        .where('protocol', '=', port.protocol)
        .where('state', '=', 'open')
        .execute();
      for (const row of rows) candidates.push({ organisationId: row.organisation_id, deviceId: row.device_id, importId: row.import_id, reason: `port ${port.port}/${port.protocol} open` });
    }
  }

  const devices = new Map<string, string>([...candidates, ...windowsBuilds].map((c) => [c.deviceId, c.organisationId]));
  const isCurrent = await isCurrentFor(context, devices);
  if (conditions.windows) candidates.push(...(await windowsCandidates(context, conditions.windows, windowsBuilds.filter((w) => isCurrent(w.deviceId, w.importId)), isCurrent)));

  const byOrganisation = new Map<string, Map<string, string[]>>(organisationIds.map((id) => [id, new Map()]));
  const hit = (organisationId: string, deviceId: string, reason: string) => {
    const affected = byOrganisation.get(organisationId);
    if (!affected) return;
    const reasons = affected.get(deviceId) ?? [];
    if (!reasons.includes(reason)) reasons.push(reason);
    affected.set(deviceId, reasons);
  };
  for (const c of candidates) if (isCurrent(c.deviceId, c.importId)) hit(c.organisationId, c.deviceId, c.reason);

  if (options.useMatcher && conditions.cves.length > 0) {
    const wanted = new Set(conditions.cves);
    const readExposure = options.readExposure ?? ((organisationId: string) => readOrganisationExposure(context, organisationId));
    for (const organisationId of organisationIds) {
      const exposure = await readExposure(organisationId);
      for (const software of exposure.software) {
        for (const v of software.vulnerabilities) if (wanted.has(v.cve.toUpperCase())) hit(organisationId, software.deviceId, `${software.name}${software.version ? ` ${software.version}` : ''}: ${v.cve} (${v.reason})`);
      }
      for (const os of exposure.operatingSystems) {
        for (const v of os.vulnerabilities) if (wanted.has(v.cve.toUpperCase())) hit(organisationId, os.deviceId, `operating system: ${v.cve} (${v.reason})`);
      }
    }
  }

  const newest = await newestImports(context, organisationIds);
  const coverage = await coverageSince(context, organisationIds.filter((id) => (newest.get(id) ?? '') >= issuedAt), issuedAt);
  return organisationIds.map((id) => ({ organisationId: id, affected: byOrganisation.get(id) ?? new Map(), coverage: coverage.get(id) ?? null, evidenceThrough: newest.get(id) ?? null }));
}

/**
 * For the given devices: is (device, import) the newest completed import of its format that
 * described the device? The rule of currentDeviceImports, applied to a few devices instead of a
 * whole organisation.
 */
export async function isCurrentFor(context: ServiceContext, devices: ReadonlyMap<string, string>): Promise<(deviceId: string, importId: string) => boolean> {
  const newest = new Map<string, { importId: string; completedAt: string }>();
  for (const ids of chunks([...devices.keys()])) {
    // The organisation leads the device index, so it is given too.
    const organisations = [...new Set(ids.map((id) => devices.get(id) ?? ''))];
    const rows = await context.database.db
      .selectFrom('device_observations as d')
      .innerJoin('imports as i', (join) => join.onRef('i.id', '=', 'd.import_id').onRef('i.organisation_id', '=', 'd.organisation_id'))
      .select(['d.device_id', 'd.import_id', 'i.format', 'i.completed_at'])
      .where('d.organisation_id', 'in', organisations)
      .where('d.device_id', 'in', ids)
      .where('i.status', '=', 'completed')
      .execute();
    for (const row of rows) {
      const key = `${row.device_id} ${row.format}`;
      const completedAt = row.completed_at ?? '';
      const best = newest.get(key);
      if (!best || completedAt > best.completedAt || (completedAt === best.completedAt && row.import_id > best.importId)) newest.set(key, { importId: row.import_id, completedAt });
    }
  }
  const current = new Set([...newest].map(([key, value]) => `${key.split(' ')[0] ?? ''} ${value.importId}`));
  return (deviceId, importId) => current.has(`${deviceId} ${importId}`);
}

async function windowsCandidates(
  context: ServiceContext,
  windows: NonNullable<AlertConditions['windows']>,
  builds: { organisationId: string; deviceId: string; importId: string; build: string }[],
  isCurrent: (deviceId: string, importId: string) => boolean,
): Promise<Candidate[]> {
  const fixedByLine = new Map<string, string>();
  for (const build of windows.fixedBuilds) fixedByLine.set(build.split('.').slice(0, 3).join('.'), build);
  const kbs = new Map<string, Set<string>>();
  if (windows.kbs.length > 0) {
    const devices = new Map(builds.map((b) => [b.deviceId, b.organisationId]));
    for (const ids of chunks([...devices.keys()])) {
      const organisations = [...new Set(ids.map((id) => devices.get(id) ?? ''))];
      const rows = await context.database.db.selectFrom('software').select(['device_id', 'import_id', 'name']).where('organisation_id', 'in', organisations).where('device_id', 'in', ids).where('name', 'like', '%KB%').execute();
      for (const row of rows) {
        const kb = /\bKB\d{6,8}\b/i.exec(row.name)?.[0]?.toUpperCase();
        if (kb && isCurrent(row.device_id, row.import_id)) kbs.set(row.device_id, (kbs.get(row.device_id) ?? new Set()).add(kb));
      }
    }
  }
  const out: Candidate[] = [];
  for (const b of builds) {
    const parts = parseWindowsVersion(b.build);
    const fixed = parts ? fixedByLine.get(parts.slice(0, 3).join('.')) : undefined;
    if (!parts || !fixed) continue;
    if (windows.kbs.some((kb) => kbs.get(b.deviceId)?.has(kb))) continue;
    // A build without its revision cannot be shown patched.
    if (b.build.split('.').length < 4) out.push({ ...b, reason: `Windows ${b.build}: revision unknown, fixed in ${fixed}` });
    else if (comparatorFor('windows').compare(b.build, fixed) < 0) out.push({ ...b, reason: `Windows ${b.build} < ${fixed}` });
  }
  return out;
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

async function newestImports(context: ServiceContext, organisationIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const orgs of chunks([...organisationIds])) {
    const rows = await context.database.db
      .selectFrom('imports')
      .select((eb) => ['organisation_id', eb.fn.max('completed_at').as('newest')])
      .where('organisation_id', 'in', orgs)
      .where('status', '=', 'completed')
      .groupBy('organisation_id')
      .execute();
    for (const row of rows) if (row.newest) out.set(row.organisation_id, row.newest);
  }
  return out;
}

/** In-scope devices (in_scope not 0, cloud services aside) and those an import completed at or after `since` described. */
async function coverageSince(context: ServiceContext, organisationIds: readonly string[], since: string): Promise<Map<string, { inScope: number; covered: number }>> {
  const out = new Map<string, { inScope: number; covered: number }>();
  for (const orgs of chunks([...organisationIds])) {
    const rows = await context.database.db
      .selectFrom('devices as dv')
      .select((eb) => [
        'dv.organisation_id',
        eb.fn.countAll<number | string>().as('in_scope'),
        eb.fn
          .sum<number | string>(
            eb.case()
              .when(
                eb.exists(
                  eb.selectFrom('device_observations as o')
                    .innerJoin('imports as i', (join) => join.onRef('i.id', '=', 'o.import_id').onRef('i.organisation_id', '=', 'o.organisation_id'))
                    .select('o.seq')
                    .whereRef('o.organisation_id', '=', 'dv.organisation_id')
                    .whereRef('o.device_id', '=', 'dv.id')
                    .where('i.status', '=', 'completed')
                    .where('i.completed_at', '>=', since),
                ),
              )
              .then(1)
              .else(0)
              .end(),
          )
          .as('covered'),
      ])
      .where('dv.organisation_id', 'in', orgs)
      .where((eb) => eb.or([eb('dv.in_scope', 'is', null), eb('dv.in_scope', '<>', 0)]))
      // A cloud service (an Entra tenant) has no software to patch: no scan will ever describe it.
      .where('dv.asset_kind', '<>', 'cloud-service')
      .groupBy('dv.organisation_id')
      .execute();
    for (const row of rows) out.set(row.organisation_id, { inScope: Number(row.in_scope), covered: Number(row.covered) });
  }
  return out;
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += chunkSize) yield items.slice(start, start + chunkSize);
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
