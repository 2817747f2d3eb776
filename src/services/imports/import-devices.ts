import type { Transaction } from 'kysely';
import type { AssetRecord } from '../../ingest/evidence.js';
import { DeviceIndex, type MatchRule } from '../../ingest/identity/device-index.js';
import { deviceKeysOf } from '../../ingest/identity/device-keys.js';
import type { Database } from '../../storage/schema.js';
import { newId } from '../ids.js';

export type ResolvedAsset = { deviceId: string; matchedBy: MatchRule | 'new'; macs: string[]; ips: string[]; isNew: boolean };

type DeviceState = { hostname: string | null; fqdn: string | null; netbios: string | null; serial: string | null; firstSeen: string; lastSeen: string };

/**
 * The organisation's devices during one import: loaded once, resolved with the identity rules
 * (docs/identity-resolution.md), and written through the import's transaction as each asset
 * arrives, so evidence rows can reference their device at once.
 */
export class ImportDevices {
  private readonly byAssetRef = new Map<string, ResolvedAsset>();

  private constructor(
    private readonly trx: Transaction<Database>,
    private readonly organisationId: string,
    private readonly index: DeviceIndex,
    private readonly states: Map<string, DeviceState>,
    private readonly now: string,
  ) {}

  static async load(trx: Transaction<Database>, organisationId: string, now: Date): Promise<ImportDevices> {
    const rows = await trx
      .selectFrom('devices')
      .select(['id', 'hostname', 'fqdn', 'netbios_name', 'serial_number', 'mac_addresses', 'ip_addresses', 'first_seen', 'last_seen'])
      .where('organisation_id', '=', organisationId)
      .execute();
    const index = new DeviceIndex();
    const states = new Map<string, DeviceState>();
    for (const row of rows) {
      index.add(row.id, deviceKeysOf({ hostname: row.hostname, fqdn: row.fqdn, netbiosName: row.netbios_name, serialNumber: row.serial_number, macAddresses: parseList(row.mac_addresses), ipAddresses: parseList(row.ip_addresses) }));
      states.set(row.id, { hostname: row.hostname, fqdn: row.fqdn, netbios: row.netbios_name, serial: row.serial_number, firstSeen: row.first_seen, lastSeen: row.last_seen });
    }
    return new ImportDevices(trx, organisationId, index, states, now.toISOString());
  }

  /** The device an earlier asset record of this import resolved to. */
  deviceFor(assetRef: string): ResolvedAsset | undefined {
    return this.byAssetRef.get(assetRef);
  }

  /** Finds or creates the device of an asset record and brings its row up to date. */
  async resolve(asset: AssetRecord): Promise<ResolvedAsset> {
    const keys = deviceKeysOf(asset);
    const earlier = this.byAssetRef.get(asset.assetRef);
    const match = earlier ? { deviceId: earlier.deviceId, rule: earlier.matchedBy } : this.index.find(keys);
    const seen = asset.lastSeenAt ?? asset.scanEndedAt ?? this.now;
    const os = asset.os;
    const osFields = os ? { os_name: os.name, os_family: os.family ?? null, os_version: os.version ?? null, os_build: os.build ?? null } : {};
    const inScope = asset.inScope === undefined ? {} : { in_scope: asset.inScope ? 1 : 0 };
    let resolved: ResolvedAsset;
    if (match === null) {
      const deviceId = newId();
      const merged = this.index.add(deviceId, keys);
      const state: DeviceState = { hostname: asset.hostname ?? null, fqdn: asset.fqdn ?? null, netbios: asset.netbiosName ?? null, serial: asset.serialNumber ?? null, firstSeen: seen, lastSeen: seen };
      this.states.set(deviceId, state);
      await this.trx
        .insertInto('devices')
        .values({
          id: deviceId,
          organisation_id: this.organisationId,
          hostname: state.hostname,
          fqdn: state.fqdn,
          netbios_name: state.netbios,
          serial_number: state.serial,
          mac_addresses: JSON.stringify(merged.macs),
          ip_addresses: JSON.stringify(merged.ips),
          os_name: null,
          os_family: null,
          os_version: null,
          os_build: null,
          asset_kind: asset.assetKind,
          first_seen: seen,
          last_seen: seen,
          in_scope: null,
          created_at: this.now,
          updated_at: this.now,
          ...osFields,
          ...inScope,
        })
        .execute();
      resolved = { deviceId, matchedBy: 'new', macs: keys.macs, ips: keys.ips, isNew: true };
    } else {
      const { deviceId } = match;
      const merged = this.index.add(deviceId, keys);
      const state = this.states.get(deviceId);
      if (!state) throw new Error(`device ${deviceId} is indexed but has no state`);
      // Names and serials already known are kept: a later report never renames a device.
      state.hostname ??= asset.hostname ?? null;
      state.fqdn ??= asset.fqdn ?? null;
      state.netbios ??= asset.netbiosName ?? null;
      state.serial ??= asset.serialNumber ?? null;
      if (seen < state.firstSeen) state.firstSeen = seen;
      if (seen > state.lastSeen) state.lastSeen = seen;
      await this.trx
        .updateTable('devices')
        .set({
          hostname: state.hostname,
          fqdn: state.fqdn,
          netbios_name: state.netbios,
          serial_number: state.serial,
          mac_addresses: JSON.stringify(merged.macs),
          ip_addresses: JSON.stringify(merged.ips),
          first_seen: state.firstSeen,
          last_seen: state.lastSeen,
          updated_at: this.now,
          ...(asset.assetKind !== 'unknown' ? { asset_kind: asset.assetKind } : {}),
          ...osFields,
          ...inScope,
        })
        .where('organisation_id', '=', this.organisationId)
        .where('id', '=', deviceId)
        .execute();
      resolved = { deviceId, matchedBy: earlier ? earlier.matchedBy : match.rule, macs: keys.macs, ips: keys.ips, isNew: false };
    }
    this.byAssetRef.set(asset.assetRef, resolved);
    return resolved;
  }
}

function parseList(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
