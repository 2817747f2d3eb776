/**
 * Builds the pure core's AssessmentInput for one organisation from what is stored: the in-scope
 * devices and their CURRENT evidence (services/evidence/current-evidence.ts), matched software,
 * vulnerabilities and support dates (readOrganisationExposure), KEV/EPSS/MSRC intel for scanner
 * findings, boundary scans, and the assessor's sample and records. No access check here: callers
 * authorise. The output is plain data in a deterministic order, so its digest identifies the
 * evidence judged.
 */
import type {
  AssessmentInput,
  BoundaryScan,
  CloudService,
  Device,
  DeviceKind,
  ExposedService,
  InstalledSoftware,
  ManualResult,
  ManualTestKind,
  OperatingSystemInfo,
  OsFamily,
  RecordedSample,
  ScannerFinding,
  ScannerSeverity,
  VulnerabilityIntel,
} from '../../assessment/assessment-input.js';
import type { CeVersion } from '../../assessment/controls.js';
import { cvssV3BaseScore } from '../../intel/cvss/cvss-v3.js';
import type { ServiceContext } from '../context.js';
import { currentDeviceImports, type CurrentDeviceImport } from '../evidence/current-evidence.js';
import type { ExposedVulnerability, OrganisationExposure, ReadOrganisationExposure } from '../exposure/organisation-exposure.js';
import { readOrganisationExposure } from '../exposure/read-organisation-exposure.js';
import { pushTo } from '../../core/multi-map.js';
import { readCloudServices, type CloudDevice } from './cloud-services.js';
import { configurationFrom, esuEnrolledKey, readBoolean, type ObservedValue } from './observation-keys.js';

export type AssembleOptions = {
  ceVersion: CeVersion;
  /** The exposure reader; the estate matcher's by default. Tests of this seam may pass another. */
  readExposure?: ReadOrganisationExposure;
};

/** Formats that scan for vulnerabilities: a device they describe has been scanned, findings or not. */
export const scannerFormats: ReadonlySet<string> = new Set(['nessus', 'openvas', 'qualys-scan', 'qualys-asset-report', 'lynis']);

/** Manual tests the rules read; `esu-enrolment` records feed the device's ESU flag instead. */
export const manualTestKinds: readonly ManualTestKind[] = ['tc3-email', 'tc3-web', 'tc3-allowlisting', 'tc4-mfa', 'tc5-separation'];
export const esuEnrolmentTest = 'esu-enrolment';

const batchSize = 500;

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += batchSize) out.push(items.slice(start, start + batchSize));
  return out;
}

const day = (iso: string | null | undefined): string | undefined => (iso ? iso.slice(0, 10) : undefined);

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function deviceKind(assetKind: string): DeviceKind {
  return assetKind === 'end-user-device' || assetKind === 'server' || assetKind === 'network-device' ? assetKind : 'unknown';
}

const osFamilies: readonly OsFamily[] = ['windows', 'linux', 'macos', 'ios', 'android', 'unix', 'network', 'other'];

function osFamily(family: string | null, name: string): OsFamily {
  if (family !== null && (osFamilies as readonly string[]).includes(family)) return family as OsFamily;
  const lower = name.toLowerCase();
  if (lower.includes('windows')) return 'windows';
  if (lower.includes('mac')) return 'macos';
  if (/linux|ubuntu|debian|red hat|centos|rocky|suse/.test(lower)) return 'linux';
  return 'other';
}

const severities: readonly ScannerSeverity[] = ['info', 'low', 'medium', 'high', 'critical'];

type CvssEntry = { version?: string; baseScore?: number; vector?: string };

/**
 * Highest CVSS v3.x base score the tool stored (v2 and v4 do not count for CE); a v3 entry with a
 * vector but no score is scored from its vector.
 */
export function cvssV3Of(cvssJson: string): number | undefined {
  const entries = parseJson<CvssEntry[]>(cvssJson, []);
  const scores = entries
    .filter((e) => typeof e.version === 'string' && e.version.startsWith('3'))
    .map((e) => (typeof e.baseScore === 'number' ? e.baseScore : typeof e.vector === 'string' ? cvssV3BaseScore(e.vector) : undefined))
    .filter((score): score is number => score !== undefined);
  return scores.length === 0 ? undefined : Math.max(...scores);
}

type Intel = { kev: Set<string>; epss: Map<string, number>; msrcFix: Map<string, string> };

async function readIntel(context: ServiceContext, cves: readonly string[]): Promise<Intel> {
  const { db } = context.database;
  const intel: Intel = { kev: new Set(), epss: new Map(), msrcFix: new Map() };
  for (const batch of batches([...new Set(cves)].sort())) {
    for (const r of await db.selectFrom('kev_entries').select('cve_id').where('cve_id', 'in', batch).execute()) intel.kev.add(r.cve_id);
    for (const r of await db.selectFrom('epss_scores').select(['cve_id', 'epss']).where('cve_id', 'in', batch).execute()) intel.epss.set(r.cve_id, r.epss);
    for (const r of await db.selectFrom('msrc_remediations').select(['cve_id', 'release_date']).where('cve_id', 'in', batch).execute()) {
      const released = day(r.release_date);
      const known = intel.msrcFix.get(r.cve_id);
      if (released !== undefined && (known === undefined || released < known)) intel.msrcFix.set(r.cve_id, released);
    }
  }
  return intel;
}

type CurrentIndex = { pairs: Set<string>; importIds: string[]; byDevice: Map<string, CurrentDeviceImport[]> };

function indexCurrent(current: readonly CurrentDeviceImport[]): CurrentIndex {
  const byDevice = new Map<string, CurrentDeviceImport[]>();
  for (const c of current) pushTo(byDevice, c.deviceId, c);
  return { pairs: new Set(current.map((c) => `${c.deviceId} ${c.importId}`)), importIds: [...new Set(current.map((c) => c.importId))].sort(), byDevice };
}

type FindingRow = { import_id: string; seq: number; device_id: string; tool: string; check_id: string; title: string; severity: string; cves: string; cvss: string; port: number | null; protocol: string | null; fix_published_at: string | null };

function findingOf(row: FindingRow, intel: Intel): ScannerFinding {
  const cves = parseJson<string[]>(row.cves, []);
  const cvssV3 = cvssV3Of(row.cvss);
  const msrc = cves.map((c) => intel.msrcFix.get(c)).filter((d): d is string => d !== undefined).sort()[0];
  const fixReleasedOn = day(row.fix_published_at) ?? msrc;
  const epss = cves.map((c) => intel.epss.get(c)).filter((e): e is number => e !== undefined);
  const severity = (severities as readonly string[]).includes(row.severity) ? (row.severity as ScannerSeverity) : undefined;
  return {
    id: `${row.import_id}:${row.seq}`,
    tool: row.tool,
    checkId: row.check_id,
    title: row.title,
    ...(severity !== undefined ? { severity } : {}),
    cves,
    ...(cvssV3 !== undefined ? { cvssV3 } : {}),
    ...(fixReleasedOn !== undefined ? { fixReleasedOn } : {}),
    kev: cves.some((c) => intel.kev.has(c)),
    ...(epss.length > 0 ? { epss: Math.max(...epss) } : {}),
  };
}

/** The VulnerabilityIntel fields of an exposure match (its source and reason are for people). */
function intelOnly(v: ExposedVulnerability): VulnerabilityIntel {
  return {
    cve: v.cve,
    ...(v.vendorSeverity !== undefined ? { vendorSeverity: v.vendorSeverity } : {}),
    ...(v.cvssV3 !== undefined ? { cvssV3: v.cvssV3 } : {}),
    ...(v.fixReleasedOn !== undefined ? { fixReleasedOn: v.fixReleasedOn } : {}),
    ...(v.fixedVersion !== undefined ? { fixedVersion: v.fixedVersion } : {}),
    kev: v.kev,
    ...(v.epss !== undefined ? { epss: v.epss } : {}),
  };
}

/** Informational findings never qualify for the 14-day rule; they are left out unless scored ≥ 7. */
function matters(f: ScannerFinding): boolean {
  return f.severity !== 'info' || (f.cvssV3 ?? 0) >= 7;
}

export async function assembleAssessmentInput(context: ServiceContext, organisationId: string, options: AssembleOptions): Promise<AssessmentInput> {
  const { db } = context.database;
  const organisation = await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', organisationId).executeTakeFirstOrThrow();
  const deviceRows = await db
    .selectFrom('devices')
    .select(['id', 'in_scope', 'hostname', 'fqdn', 'netbios_name', 'serial_number', 'ip_addresses', 'asset_kind', 'os_name', 'os_family', 'os_version', 'os_build', 'last_seen'])
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
  const inScope = deviceRows.filter((d) => d.in_scope !== 0);
  const currentList = await currentDeviceImports(context.database, organisationId);
  const current = indexCurrent(currentList);
  const boundaryImportIds = new Set((await db.selectFrom('boundary_scans').select('import_id').where('organisation_id', '=', organisationId).execute()).map((b) => b.import_id));
  const isCurrent = (deviceId: string, importId: string) => current.pairs.has(`${deviceId} ${importId}`);

  const importRows = current.importIds.length === 0 ? [] : (await Promise.all(batches(current.importIds).map((b) => db.selectFrom('imports').select(['id', 'format', 'software_count', 'completed_at']).where('organisation_id', '=', organisationId).where('id', 'in', b).execute()))).flat();
  const imports = new Map(importRows.map((i) => [i.id, i]));

  const observationsOfDevice = new Map<string, { credentialed: number | null; os_details: string | null; owner: string | null; import_id: string }[]>();
  const findingsOfDevice = new Map<string, FindingRow[]>();
  const configurationOfDevice = new Map<string, { key: string; value: ObservedValue; at: string; seq: number }[]>();
  for (const batch of batches(current.importIds)) {
    const assets = await db.selectFrom('device_observations').select(['import_id', 'device_id', 'credentialed', 'os_details', 'owner']).where('organisation_id', '=', organisationId).where('import_id', 'in', batch).execute();
    for (const a of assets) if (isCurrent(a.device_id, a.import_id)) pushTo(observationsOfDevice, a.device_id, a);
    const findings = await db
      .selectFrom('findings')
      .select(['import_id', 'seq', 'device_id', 'tool', 'check_id', 'title', 'severity', 'cves', 'cvss', 'port', 'protocol', 'fix_published_at'])
      .where('organisation_id', '=', organisationId)
      .where('import_id', 'in', batch)
      .where((eb) => eb.or([eb('severity', '!=', 'info'), eb('cves', '!=', '[]')]))
      .execute();
    for (const f of findings) if (isCurrent(f.device_id, f.import_id)) pushTo(findingsOfDevice, f.device_id, f);
    const observations = await db.selectFrom('observations').select(['import_id', 'seq', 'device_id', 'key', 'value']).where('organisation_id', '=', organisationId).where('import_id', 'in', batch).execute();
    for (const o of observations) {
      if (!isCurrent(o.device_id, o.import_id)) continue;
      const at = imports.get(o.import_id)?.completed_at ?? '';
      pushTo(configurationOfDevice, o.device_id, { key: o.key, value: parseJson<ObservedValue>(o.value, null), at, seq: o.seq });
    }
  }

  const allCves = [...findingsOfDevice.values()].flat().flatMap((f) => parseJson<string[]>(f.cves, []));
  const intel = await readIntel(context, allCves);
  const exposure: OrganisationExposure = await (options.readExposure ?? readOrganisationExposure)(context, organisationId, { current: currentList });
  // The exposure reader shares one object per (product version, CVE) across devices; so does this.
  const intelByMatch = new Map<ExposedVulnerability, VulnerabilityIntel>();
  const intelOf = (v: ExposedVulnerability): VulnerabilityIntel => {
    let known = intelByMatch.get(v);
    if (known === undefined) intelByMatch.set(v, (known = intelOnly(v)));
    return known;
  };
  const softwareOfDevice = new Map<string, InstalledSoftware[]>();
  for (const s of exposure.software) {
    const software: InstalledSoftware = {
      id: s.softwareId,
      name: s.name,
      ...(s.vendor !== undefined ? { vendor: s.vendor } : {}),
      ...(s.version !== undefined ? { version: s.version } : {}),
      ...(s.support !== undefined ? { support: s.support } : {}),
      vulnerabilities: s.vulnerabilities.map(intelOf),
    };
    pushTo(softwareOfDevice, s.deviceId, software);
  }
  const osSupport = new Map(exposure.operatingSystems.map((o) => [o.deviceId, o]));

  const manualRows = await db.selectFrom('assessment_manual_results').selectAll().where('organisation_id', '=', organisationId).orderBy('recorded_at').orderBy('id').execute();
  const esuRecorded = new Map<string, boolean>();
  for (const r of manualRows) if (r.test === esuEnrolmentTest && r.device_id !== null) esuRecorded.set(r.device_id, r.result === 'pass');

  const devices: Device[] = [];
  const cloudDevices: CloudDevice[] = [];
  for (const row of inScope) {
    const name = row.hostname ?? row.fqdn ?? row.netbios_name ?? parseJson<string[]>(row.ip_addresses, [])[0] ?? row.id;
    if (row.asset_kind === 'cloud-service') {
      cloudDevices.push({ id: row.id, name, serialNumber: row.serial_number });
      continue;
    }
    const currentOfDevice = current.byDevice.get(row.id) ?? [];
    // Addresses only an external scan has seen are the boundary itself (judged by TC1), not devices.
    if (currentOfDevice.length > 0 && currentOfDevice.every((c) => boundaryImportIds.has(c.importId))) continue;
    const currentImports = currentOfDevice.map((c) => imports.get(c.importId)).filter((i) => i !== undefined);
    const assets = observationsOfDevice.get(row.id) ?? [];
    const details = assets.map((a) => parseJson<{ edition?: string }>(a.os_details, {})).find((d) => typeof d.edition === 'string');
    const observed = (configurationOfDevice.get(row.id) ?? []).sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
    const configuration = configurationFrom(observed);
    const owner = assets.map((a) => a.owner).find((o) => o !== null && o.trim() !== '');
    if (configuration.primaryUser === undefined && owner) configuration.primaryUser = owner;
    const esuObserved = observed.filter((o) => o.key === esuEnrolledKey).map((o) => readBoolean(o.value)).filter((v) => v !== undefined).at(-1);
    const support = osSupport.get(row.id)?.support;
    const os: OperatingSystemInfo | undefined =
      row.os_name === null
        ? undefined
        : {
            name: row.os_name,
            family: osFamily(row.os_family, row.os_name),
            ...(details?.edition !== undefined ? { edition: details.edition } : {}),
            ...(row.os_version !== null ? { version: row.os_version } : {}),
            ...(row.os_build !== null ? { build: row.os_build } : {}),
            ...(support !== undefined ? { support } : {}),
          };
    const scanned = currentImports.some((i) => scannerFormats.has(i.format)) || findingsOfDevice.has(row.id);
    const inventoried = softwareOfDevice.has(row.id) || currentImports.some((i) => i.software_count > 0);
    const credentialedScan = assets.some((a) => a.credentialed === 1 && scannerFormats.has(imports.get(a.import_id)?.format ?? ''));
    const findings = (findingsOfDevice.get(row.id) ?? []).sort((a, b) => a.import_id.localeCompare(b.import_id) || a.seq - b.seq).map((f) => findingOf(f, intel)).filter(matters);
    const device: Device = {
      id: row.id,
      name,
      kind: deviceKind(row.asset_kind),
      ...(os !== undefined ? { os } : {}),
      extendedSupportEnrolled: esuRecorded.get(row.id) ?? esuObserved ?? false,
      lastSeenOn: row.last_seen.slice(0, 10),
      credentialedScan,
      ...(inventoried ? { software: softwareOfDevice.get(row.id) ?? [] } : {}),
      ...(scanned ? { findings } : {}),
      configuration,
    };
    devices.push(device);
  }

  const cloudServices: CloudService[] = await readCloudServices(context, organisationId, cloudDevices, (deviceId) => (current.byDevice.get(deviceId) ?? []).map((c) => c.importId));
  const { boundaryScans, exposedServices } = await readBoundary(context, organisationId, new Set(inScope.map((d) => d.id)), intel);
  const sample = await readSample(context, organisationId);
  const manualResults: ManualResult[] = manualRows
    .filter((r) => (manualTestKinds as readonly string[]).includes(r.test))
    .map((r) => ({
      id: r.id,
      test: r.test as ManualTestKind,
      ...(r.device_id !== null ? { deviceId: r.device_id } : {}),
      ...(r.cloud_service_id !== null ? { cloudServiceId: r.cloud_service_id } : {}),
      ...(r.account_role === 'user' || r.account_role === 'admin' ? { accountRole: r.account_role } : {}),
      ...(r.account_id !== null ? { accountId: r.account_id } : {}),
      result: r.result === 'pass' ? 'pass' : 'fail',
      recordedBy: r.recorded_by,
      recordedOn: r.recorded_at.slice(0, 10),
      ...(r.notes !== null && r.notes !== '' ? { notes: r.notes } : {}),
    }));

  return {
    organisationId,
    organisationName: organisation.name,
    ceVersion: options.ceVersion,
    devices,
    boundaryScans,
    exposedServices,
    ...(cloudServices.length > 0 ? { cloudServices } : {}),
    ...(sample !== undefined ? { sample } : {}),
    manualResults,
  };
}

/**
 * Boundary (TC1) evidence: imports marked as external scans (boundary_scans). For each device the
 * NEWEST boundary scan describing it is current; its open services are what the internet reaches,
 * with the scanner's vulnerability findings on the same port as step-1 evidence.
 */
async function readBoundary(context: ServiceContext, organisationId: string, inScope: ReadonlySet<string>, intel: Intel): Promise<{ boundaryScans: BoundaryScan[]; exposedServices: ExposedService[] }> {
  const { db } = context.database;
  const scans = await db
    .selectFrom('boundary_scans as b')
    .innerJoin('imports as i', (join) => join.onRef('i.id', '=', 'b.import_id').onRef('i.organisation_id', '=', 'b.organisation_id'))
    .select(['i.id', 'i.format', 'i.completed_at'])
    .where('b.organisation_id', '=', organisationId)
    .where('i.status', '=', 'completed')
    .orderBy('i.completed_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
  if (scans.length === 0) return { boundaryScans: [], exposedServices: [] };
  const scanIds = scans.map((s) => s.id);
  const assets = (await Promise.all(batches(scanIds).map((b) => db.selectFrom('device_observations').select(['import_id', 'device_id', 'hostname', 'ip_addresses']).where('organisation_id', '=', organisationId).where('import_id', 'in', b).execute()))).flat();
  const order = new Map(scanIds.map((id, index) => [id, index]));
  // Newest boundary scan per device (scans are sorted newest first).
  const newest = new Map<string, { importId: string; host: string }>();
  for (const a of [...assets].sort((x, y) => (order.get(x.import_id) ?? 0) - (order.get(y.import_id) ?? 0))) {
    if (!inScope.has(a.device_id) || newest.has(a.device_id)) continue;
    newest.set(a.device_id, { importId: a.import_id, host: parseJson<string[]>(a.ip_addresses, [])[0] ?? a.hostname ?? a.device_id });
  }
  const isCurrent = (deviceId: string, importId: string) => newest.get(deviceId)?.importId === importId;
  const exposedServices: ExposedService[] = [];
  const targets = new Map<string, Set<string>>();
  for (const batch of batches(scanIds)) {
    const services = await db.selectFrom('services').select(['import_id', 'seq', 'device_id', 'port', 'protocol', 'state', 'service']).where('organisation_id', '=', organisationId).where('import_id', 'in', batch).execute();
    const findings = await db.selectFrom('findings').select(['import_id', 'seq', 'device_id', 'check_id', 'severity', 'cves', 'cvss', 'port', 'protocol']).where('organisation_id', '=', organisationId).where('import_id', 'in', batch).execute();
    const findingsOnPort = new Map<string, typeof findings>();
    for (const f of findings) if (f.severity !== 'info') pushTo(findingsOnPort, `${f.import_id} ${f.device_id} ${f.port ?? ''} ${f.protocol ?? 'tcp'}`, f);
    for (const s of services.sort((a, b) => a.import_id.localeCompare(b.import_id) || a.seq - b.seq)) {
      if (!isCurrent(s.device_id, s.import_id) || s.state !== 'open' || (s.protocol !== 'tcp' && s.protocol !== 'udp')) continue;
      const host = newest.get(s.device_id)?.host ?? s.device_id;
      targets.set(s.import_id, (targets.get(s.import_id) ?? new Set()).add(host));
      const vulnerabilities = (findingsOnPort.get(`${s.import_id} ${s.device_id} ${s.port} ${s.protocol}`) ?? []).flatMap((f) => {
          const cves = parseJson<string[]>(f.cves, []);
          const cvssV3 = cvssV3Of(f.cvss);
          const epss = cves.map((c) => intel.epss.get(c)).filter((e): e is number => e !== undefined);
          if (cves.length === 0 && cvssV3 === undefined) return [];
          return [{ id: cves[0] ?? `${f.import_id}:${f.seq}`, ...(cvssV3 !== undefined ? { cvssV3 } : {}), kev: cves.some((c) => intel.kev.has(c)), ...(epss.length > 0 ? { epss: Math.max(...epss) } : {}) }];
        });
      exposedServices.push({ id: `${s.import_id}:${s.seq}`, host, port: s.port, protocol: s.protocol, ...(s.service !== null ? { service: s.service } : {}), scanId: s.import_id, vulnerabilities });
    }
  }
  const used = new Set([...newest.values()].map((n) => n.importId));
  const boundaryScans = scans
    .filter((s) => used.has(s.id))
    .map((s) => ({ id: s.id, tool: s.format, scannedOn: (s.completed_at ?? '').slice(0, 10), targets: [...(targets.get(s.id) ?? [])].sort() }));
  return { boundaryScans, exposedServices };
}

async function readSample(context: ServiceContext, organisationId: string): Promise<RecordedSample | undefined> {
  const row = await context.database.db.selectFrom('assessment_samples').select(['id', 'seed', 'device_ids']).where('organisation_id', '=', organisationId).orderBy('round', 'desc').limit(1).executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, seed: row.seed, deviceIds: parseJson<string[]>(row.device_ids, []) };
}
