import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { chunks } from '../intel/upsert-helpers.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import type { ExposedVulnerability } from './organisation-exposure.js';
import { readOrganisationExposure } from './read-organisation-exposure.js';

export type ExposedDevice = { deviceId: string; hostname: string | null; subject: string; source: ExposedVulnerability['source']; reason: string };

export type CveExposure = {
  cve: string;
  kev: boolean;
  epss: number | null;
  cvssV3: number | null;
  fixReleasedOn: string | null;
  fixedVersion: string | null;
  devices: ExposedDevice[];
};

export type ExposureListing = {
  organisation: { odsCode: string; name: string };
  devices: number;
  exposedDevices: number;
  vulnerabilities: CveExposure[];
  /** Devices whose OS is past its last supported day (extended programmes not assumed). */
  unsupportedSystems: { deviceId: string; hostname: string | null; os: string; cycle: string; supportEndedOn: string }[];
  unmapped: { name: string; version: string | null; devices: number; reason: string | null }[];
};

/**
 * An organisation's exposed devices per CVE, with the reason each matched: the readable face of
 * `readOrganisationExposure` for the CLI and the API. Known-exploited first, then by devices.
 */
export async function listOrganisationExposure(context: ServiceContext, actor: Actor, odsCode: string): Promise<ExposureListing> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'exposure:read', organisation.id);
  const exposure = await readOrganisationExposure(context, organisation.id);
  const deviceIds = [...new Set([...exposure.software.map((s) => s.deviceId), ...exposure.operatingSystems.map((o) => o.deviceId)])];
  const hostnames = new Map<string, string | null>();
  for (const batch of chunks(deviceIds)) {
    for (const row of await context.database.db.selectFrom('devices').select(['id', 'hostname']).where('organisation_id', '=', organisation.id).where('id', 'in', batch).execute()) hostnames.set(row.id, row.hostname);
  }
  const byCve = new Map<string, CveExposure>();
  const add = (deviceId: string, subject: string, v: ExposedVulnerability) => {
    let entry = byCve.get(v.cve);
    if (!entry) {
      entry = { cve: v.cve, kev: v.kev, epss: v.epss ?? null, cvssV3: v.cvssV3 ?? null, fixReleasedOn: v.fixReleasedOn ?? null, fixedVersion: v.fixedVersion ?? null, devices: [] };
      byCve.set(v.cve, entry);
    }
    entry.devices.push({ deviceId, hostname: hostnames.get(deviceId) ?? null, subject, source: v.source, reason: v.reason });
  };
  for (const s of exposure.software) for (const v of s.vulnerabilities) add(s.deviceId, `${s.name}${s.version ? ` ${s.version}` : ''}`, v);
  for (const o of exposure.operatingSystems) for (const v of o.vulnerabilities) add(o.deviceId, `${o.name ?? 'OS'}${o.build ? ` ${o.build}` : ''}`, v);
  const vulnerabilities = [...byCve.values()].sort((a, b) => Number(b.kev) - Number(a.kev) || b.devices.length - a.devices.length || a.cve.localeCompare(b.cve));
  const today = context.clock.now().toISOString().slice(0, 10);
  const unsupportedSystems = exposure.operatingSystems.flatMap((o) =>
    o.support?.supportEndsOn && o.support.supportEndsOn < today ? [{ deviceId: o.deviceId, hostname: hostnames.get(o.deviceId) ?? null, os: o.name ?? '', cycle: o.support.cycle, supportEndedOn: o.support.supportEndsOn }] : [],
  );
  const unmapped = new Map<string, ExposureListing['unmapped'][number]>();
  for (const u of exposure.unmapped) {
    const key = `${u.name}\u0000${u.version ?? ''}`;
    const seen = unmapped.get(key);
    if (seen) seen.devices++;
    else unmapped.set(key, { name: u.name, version: u.version ?? null, devices: 1, reason: u.reason ?? null });
  }
  return {
    organisation: { odsCode: organisation.odsCode, name: organisation.name },
    devices: deviceIds.length,
    exposedDevices: new Set(vulnerabilities.flatMap((v) => v.devices.map((d) => d.deviceId))).size,
    vulnerabilities,
    unsupportedSystems,
    unmapped: [...unmapped.values()].sort((a, b) => b.devices - a.devices || a.name.localeCompare(b.name)),
  };
}
