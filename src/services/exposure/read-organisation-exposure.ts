import type { Selectable } from 'kysely';
import type { SupportWindow, VulnerabilityIntel } from '../../assessment/assessment-input.js';
import { lifecycleCycles, mappingCpe, msrcProductName, operatingSystemCpes, type MappingOutcome, type OperatingSystemDescription, type SoftwareDescription } from '../../intel/mapping/index.js';
import { requirementHolds, type DevicePlatform, type NvdNode } from '../../intel/nvd/index.js';
import type { ExposureProductCveTable } from '../../storage/schema.js';
import type { ServiceContext } from '../context.js';
import { currentDeviceImports } from '../evidence/current-evidence.js';
import { chunks } from '../intel/upsert-helpers.js';
import { deserialiseConfigurations } from '../intel/stored-configurations.js';
import { applySourcePrecedence, type PrecedenceItem } from './apply-source-precedence.js';
import { ensureExposureProducts, exposureProductId, productKeyOf } from './exposure-products.js';
import { isWindowsUpdate, mapDistinctSoftware, softwareDescriptionKey } from './map-estate-software.js';
import { matchStaleProducts } from './match-products.js';
import type { DeviceOperatingSystemExposure, DeviceSoftwareExposure, ExposedVulnerability, ExposureSource, OrganisationExposure, ReadExposureOptions } from './organisation-exposure.js';
import { SupportWindows } from './support-windows.js';
import { WindowsUpdates, type WindowsJudgement } from './windows-updates.js';
import { pushTo } from '../../core/multi-map.js';
import { yieldToEventLoop } from '../../core/yield-to-event-loop.js';

type SoftwareRow = { import_id: string; seq: number; device_id: string; name: string; vendor: string | null; version: string | null; cpe: string | null; purl: string | null; package_type: string | null };
type CveFacts = { cvssV3: number | undefined; kev: boolean; epss: number | undefined; msrcReleased: string | undefined };

const description = (row: SoftwareRow): SoftwareDescription => ({ name: row.name, vendor: row.vendor, version: row.version, cpe: row.cpe, purl: row.purl, packageType: row.package_type });

async function currentSoftware(context: ServiceContext, organisationId: string, current: readonly { deviceId: string; importId: string }[]): Promise<SoftwareRow[]> {
  const currentPairs = new Set(current.map((c) => `${c.deviceId} ${c.importId}`));
  const out: SoftwareRow[] = [];
  for (const batch of chunks([...new Set(current.map((c) => c.importId))])) {
    const rows = await context.database.db
      .selectFrom('software')
      .select(['import_id', 'seq', 'device_id', 'name', 'vendor', 'version', 'cpe', 'purl', 'package_type'])
      .where('organisation_id', '=', organisationId)
      .where('import_id', 'in', batch)
      .execute();
    for (const row of rows) if (currentPairs.has(`${row.device_id} ${row.import_id}`)) out.push(row);
  }
  return out;
}

/** Each current device's OS: the device row (newest word), with architecture and service pack from its current observations. */
async function deviceSystems(context: ServiceContext, organisationId: string, current: readonly { deviceId: string; importId: string }[]): Promise<Map<string, OperatingSystemDescription>> {
  const { db } = context.database;
  const ids = [...new Set(current.map((c) => c.deviceId))];
  const details = new Map<string, { architecture?: string; servicePack?: string; edition?: string }>();
  for (const batch of chunks([...new Set(current.map((c) => c.importId))])) {
    const rows = await db.selectFrom('device_observations').select(['device_id', 'os_details']).where('organisation_id', '=', organisationId).where('import_id', 'in', batch).where('os_details', 'is not', null).execute();
    for (const row of rows) details.set(row.device_id, { ...details.get(row.device_id), ...(JSON.parse(row.os_details ?? '{}') as object) });
  }
  const out = new Map<string, OperatingSystemDescription>();
  for (const batch of chunks(ids)) {
    const rows = await db.selectFrom('devices').select(['id', 'os_name', 'os_family', 'os_version', 'os_build']).where('organisation_id', '=', organisationId).where('id', 'in', batch).execute();
    for (const row of rows) {
      if (!row.os_name) continue;
      const d = details.get(row.id);
      out.set(row.id, { name: row.os_name, family: row.os_family, version: row.os_version, build: row.os_build, architecture: d?.architecture, servicePack: d?.servicePack, edition: d?.edition });
    }
  }
  return out;
}

async function cveFacts(context: ServiceContext, cveIds: readonly string[]): Promise<Map<string, CveFacts>> {
  const { db } = context.database;
  const out = new Map<string, CveFacts>(cveIds.map((id) => [id, { cvssV3: undefined, kev: false, epss: undefined, msrcReleased: undefined }]));
  for (const batch of chunks(cveIds)) {
    for (const r of await db.selectFrom('cves').select(['id', 'cvss_v3_score']).where('id', 'in', batch).execute()) {
      const f = out.get(r.id);
      if (f) f.cvssV3 = r.cvss_v3_score ?? undefined;
    }
    // KEV and EPSS are joined here, at read time: a new catalogue entry or score shows at once, with no re-matching.
    for (const r of await db.selectFrom('kev_entries').select('cve_id').where('cve_id', 'in', batch).execute()) {
      const f = out.get(r.cve_id);
      if (f) f.kev = true;
    }
    for (const r of await db.selectFrom('epss_scores').select(['cve_id', 'epss']).where('cve_id', 'in', batch).execute()) {
      const f = out.get(r.cve_id);
      if (f) f.epss = r.epss;
    }
    const released = await db.selectFrom('msrc_remediations').select(['cve_id']).select((eb) => eb.fn.min('release_date').as('released')).where('cve_id', 'in', batch).groupBy('cve_id').execute();
    for (const r of released) {
      const f = out.get(r.cve_id);
      if (f) f.msrcReleased = r.released;
    }
  }
  return out;
}

function intel(cve: string, facts: CveFacts | undefined): VulnerabilityIntel {
  const v: VulnerabilityIntel = { cve, kev: facts?.kev ?? false };
  if (facts?.cvssV3 !== undefined) v.cvssV3 = facts.cvssV3;
  if (facts?.epss !== undefined) v.epss = facts.epss;
  return v;
}

/**
 * An organisation's exposure as its CURRENT evidence stands (currentDeviceImports): each installed
 * product with its mapping, the CVEs that apply to it, its support window; each device's OS with
 * its support window and the Microsoft fixes it lacks; and the software that could not be mapped.
 *
 * Matching happens per distinct product version: the versions this organisation runs are recorded
 * in exposure_products, any that are new or stale (NVD changed since they were matched) are
 * matched now, once, and stored results are joined to devices. KEV, EPSS and fix dates are read
 * at this point, so they never require matching again. No authorisation here: callers authorise
 * (`listOrganisationExposure`) or are trusted services (assessment, alerts).
 */
export async function readOrganisationExposure(context: ServiceContext, organisationId: string, options: ReadExposureOptions = {}): Promise<OrganisationExposure> {
  const { database } = context;
  const current = options.current ?? (await currentDeviceImports(database, organisationId));
  const rows = await currentSoftware(context, organisationId, current);
  const systems = await deviceSystems(context, organisationId, current);

  await yieldToEventLoop();
  const mappings = await mapDistinctSoftware(database, rows.map(description));
  const mappingOf = (row: SoftwareRow): MappingOutcome | undefined => mappings.get(softwareDescriptionKey(description(row)));
  const keys = [...mappings.values()].flatMap((m) => ('mapped' in m ? [productKeyOf(m.mapped)] : [])).filter((k) => k !== undefined);
  const productIds = await ensureExposureProducts(database, keys);
  await matchStaleProducts(database, context.clock, productIds);

  const results = new Map<string, Selectable<ExposureProductCveTable>[]>();
  for (const batch of chunks(productIds)) {
    for (const r of await database.db.selectFrom('exposure_product_cves').selectAll().where('product_id', 'in', batch).orderBy('cve_id').orderBy('configuration_index').execute()) {
      const list = results.get(r.product_id) ?? [];
      list.push(r);
      results.set(r.product_id, list);
    }
  }

  // Windows: installed KBs per device, and the MSRC product each device's OS is.
  const kbs = new Map<string, string[]>();
  for (const row of rows) if (isWindowsUpdate(description(row))) pushTo(kbs, row.device_id, row.name.toUpperCase().replace(/^KB/, ''));
  const msrcProducts = new Map([...systems].flatMap(([deviceId, os]) => {
    const product = msrcProductName(os);
    return product ? [[deviceId, product] as const] : [];
  }));
  const windows = await WindowsUpdates.load(database, [...msrcProducts.values()].map((p) => p.productName));
  const lifecycleProducts = [...[...systems.values()].flatMap((os) => lifecycleCycles(os).map((c) => c.product)), ...[...mappings.values()].flatMap((m) => ('mapped' in m && m.mapped.lifecycle ? [m.mapped.lifecycle] : []))];
  const support = await SupportWindows.load(database, lifecycleProducts);

  const osJudgements = new Map<string, WindowsJudgement[]>();
  for (const [deviceId, product] of msrcProducts) osJudgements.set(deviceId, windows.judge(product.productName, systems.get(deviceId)?.build ?? undefined, kbs.get(deviceId) ?? []));
  const cveIds = new Set<string>();
  for (const list of results.values()) for (const r of list) cveIds.add(r.cve_id);
  for (const list of osJudgements.values()) for (const j of list) if (j.status === 'vulnerable') cveIds.add(j.cve);
  const facts = await cveFacts(context, [...cveIds]);
  await yieldToEventLoop();

  // Platforms per device for "running on" requirements: its OS names and its mapped products.
  const platforms = new Map<string, DevicePlatform[]>();
  for (const [deviceId, os] of systems) platforms.set(deviceId, operatingSystemCpes(os).map((cpe) => ({ cpe })));
  for (const row of rows) {
    const m = mappingOf(row);
    if (!m || !('mapped' in m) || !m.mapped.version) continue;
    const list = platforms.get(row.device_id) ?? [];
    list.push({ cpe: mappingCpe(m.mapped) });
    platforms.set(row.device_id, list);
  }
  // A requirement ("running on Windows") is parsed once and judged once per distinct set of the
  // device platforms it can name (usually the OS alone), not once per device.
  const requirements = new Map<string, { id: number; nodes: NvdNode[]; names: Set<string> | undefined }>();
  const verdicts = new Map<string, { holds: boolean; detail: string }>();
  const vendorProduct = (cpe: string): string => cpe.split(':').slice(3, 5).join(':');
  const holds = (deviceId: string, requires: string): { holds: boolean; detail: string } => {
    let requirement = requirements.get(requires);
    if (!requirement) {
      const nodes: NvdNode[] = deserialiseConfigurations(requires)[0]?.nodes ?? [];
      const criteria = nodes.flatMap((n) => n.cpeMatch.map((m) => vendorProduct(m.criteria)));
      requirement = { id: requirements.size, nodes, names: criteria.some((c) => c.includes('*')) ? undefined : new Set(criteria) };
      requirements.set(requires, requirement);
    }
    const names = requirement.names;
    const device = (platforms.get(deviceId) ?? []).filter((p) => names === undefined || (typeof p.cpe === 'string' && names.has(vendorProduct(p.cpe))));
    const key = `${requirement.id}\u0000${device.map((p) => (typeof p.cpe === 'string' ? p.cpe : '')).sort().join(' ')}`;
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = requirementHolds(requirement.nodes, device);
      verdicts.set(key, verdict);
    }
    return verdict;
  };

  // A product's list differs between devices only through its "running on" requirements, so the
  // verdicts on those (memoised above) key it: devices alike on them share one list.
  const requirementsOf = new Map<string, string[]>();
  const listKeyOf = (productId: string, matches: readonly Selectable<ExposureProductCveTable>[], deviceId: string): string => {
    let distinct = requirementsOf.get(productId);
    if (distinct === undefined) {
      distinct = [...new Set(matches.flatMap((r) => (r.requires === null ? [] : [r.requires])))];
      requirementsOf.set(productId, distinct);
    }
    if (distinct.length === 0) return productId;
    return `${productId}\u0000${distinct.map((requires) => {
      const verdict = holds(deviceId, requires);
      return verdict.holds ? `+${verdict.detail}` : '-';
    }).join('\u0000')}`;
  };
  const exposedList = (deviceId: string, matches: readonly Selectable<ExposureProductCveTable>[]): ExposedVulnerability[] => {
    const list: ExposedVulnerability[] = [];
    const seen = new Set<string>();
    for (const r of matches) {
      if (seen.has(r.cve_id)) continue;
      let reason = r.reason;
      if (r.requires !== null) {
        const check = holds(deviceId, r.requires);
        if (!check.holds) continue;
        reason = `${reason} (device: ${check.detail})`;
      }
      seen.add(r.cve_id);
      const f = facts.get(r.cve_id);
      const v: ExposedVulnerability = { ...intel(r.cve_id, f), source: r.source as ExposureSource, reason };
      // NVD carries no fix date. Microsoft's release date is one when the CVE is in its data;
      // otherwise the date stays unknown (a KEV date added is not a fix date).
      if (f?.msrcReleased !== undefined) v.fixReleasedOn = f.msrcReleased;
      if (r.fixed_version !== null) v.fixedVersion = r.fixed_version;
      list.push(v);
    }
    return list;
  };
  const listsByKey = new Map<string, ExposedVulnerability[]>();

  const software: DeviceSoftwareExposure[] = [];
  const precedence: PrecedenceItem[] = [];
  const unmapped: OrganisationExposure['unmapped'] = [];
  for (const row of rows) {
    const entry: DeviceSoftwareExposure = {
      deviceId: row.device_id,
      softwareId: `${row.import_id}:${row.seq}`,
      name: row.name,
      ...(row.vendor ? { vendor: row.vendor } : {}),
      ...(row.version ? { version: row.version } : {}),
      vulnerabilities: [],
    };
    software.push(entry);
    if (isWindowsUpdate(description(row))) continue;
    const outcome = mappingOf(row);
    const mappedKey = outcome && 'mapped' in outcome ? productKeyOf(outcome.mapped) : undefined;
    precedence.push({ deviceId: row.device_id, description: description(row), entry, productId: mappedKey ? exposureProductId(mappedKey) : undefined });
    if (!outcome || 'unmapped' in outcome) {
      unmapped.push({ deviceId: row.device_id, name: row.name, ...(row.version ? { version: row.version } : {}), ...(outcome ? { reason: outcome.unmapped } : {}) });
      continue;
    }
    const m = outcome.mapped;
    Object.assign(entry, { cpe: mappingCpe(m), mappingConfidence: m.confidence, mappingMethod: m.method, mappingNote: m.note });
    const window: SupportWindow | undefined = m.lifecycle && m.version ? support.forVersion(m.lifecycle, m.version) : undefined;
    if (window) entry.support = window;
    const key = productKeyOf(m);
    if (!key) continue;
    const productId = exposureProductId(key);
    const matches = results.get(productId) ?? [];
    if (matches.length === 0) continue;
    // Devices running the same product version on the same platforms have the same list: it is
    // built once and copied, so the cost follows distinct versions rather than devices.
    const listKey = listKeyOf(productId, matches, row.device_id);
    let list = listsByKey.get(listKey);
    if (list === undefined) {
      list = exposedList(row.device_id, matches);
      listsByKey.set(listKey, list);
    }
    entry.vulnerabilities = list.slice();
  }

  // CNA and distribution (OSV) verdicts that overrule per-product matches, with their reasons.
  await yieldToEventLoop();
  await applySourcePrecedence(database, precedence, systems);

  // Devices judged alike (same product, build and KBs share one judgement list) share one list of
  // missing fixes: 500 desktops on one build cost one list, not 500 lists of a hundred CVEs.
  const fixLists = new Map<readonly WindowsJudgement[], ExposedVulnerability[]>();
  const missingFixes = (judgements: readonly WindowsJudgement[]): ExposedVulnerability[] => {
    let list = fixLists.get(judgements);
    if (list === undefined) {
      list = [];
      for (const j of judgements) {
        if (j.status !== 'vulnerable') continue;
        const v: ExposedVulnerability = { ...intel(j.cve, facts.get(j.cve)), source: j.evidence === 'build' ? 'msrc-build' : 'msrc-kb', reason: j.reason };
        if (j.fixReleasedOn !== undefined) v.fixReleasedOn = j.fixReleasedOn;
        if (j.fixedBuild !== undefined) v.fixedVersion = j.fixedBuild;
        list.push(v);
      }
      fixLists.set(judgements, list);
    }
    return list;
  };
  const operatingSystems: DeviceOperatingSystemExposure[] = [];
  for (const deviceId of new Set(current.map((c) => c.deviceId))) {
    const os = systems.get(deviceId);
    if (!os) continue;
    const entry: DeviceOperatingSystemExposure = { deviceId, name: os.name, ...(os.build ? { build: os.build } : {}), vulnerabilities: [] };
    const notes: string[] = [];
    for (const { product, cycles } of lifecycleCycles(os)) {
      const window = support.forCycles(product, cycles);
      if (window) entry.support = window;
    }
    if (!entry.support) notes.push('no lifecycle data for this OS release');
    const product = msrcProducts.get(deviceId);
    if (product) {
      entry.msrcProduct = product.productName;
      if (product.note) notes.push(product.note);
      const judgements = osJudgements.get(deviceId) ?? [];
      if (judgements.length === 0) notes.push(`not judged against Microsoft updates: ${(os.build?.split('.').length ?? 0) >= 4 ? 'no loaded MSRC fixes for this product' : 'no build with UBR and no installed-KB evidence'}`);
      entry.vulnerabilities = missingFixes(judgements).slice();
    } else if (os.family === 'windows' || /windows/i.test(os.name)) notes.push('Windows release not recognised for Microsoft update data');
    if (notes.length > 0) entry.notes = notes;
    operatingSystems.push(entry);
  }
  return { organisationId, software, operatingSystems, unmapped };
}
