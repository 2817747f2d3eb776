import type { Transaction } from 'kysely';
import type { AssetRecord } from '../../ingest/evidence.js';
import { DeviceIndex, type MatchRule } from '../../ingest/identity/device-index.js';
import { deviceKeysOf } from '../../ingest/identity/device-keys.js';
import { detachString } from '../../ingest/text/detach-string.js';
import type { BulkTable, BulkValue, BulkWriter } from '../../storage/bulk/bulk-writer.js';
import type { Database, DeviceTable } from '../../storage/schema.js';
import { newId } from '../ids.js';

export type ResolvedAsset = { deviceId: string; matchedBy: MatchRule | 'new'; macs: string[]; ips: string[]; isNew: boolean };

/** The device row as the import will leave it; MACs and IPs come from the index's merged keys. */
type DeviceState = {
  hostname: string | null;
  fqdn: string | null;
  netbios_name: string | null;
  serial_number: string | null;
  os_name: string | null;
  os_family: string | null;
  os_version: string | null;
  os_build: string | null;
  asset_kind: string;
  first_seen: string;
  last_seen: string;
  in_scope: number | null;
  created_at: string;
};

/** Columns of the device rows the import writes, in the order `deviceRow` gives them. */
export const devicesTable = {
  name: 'devices',
  columns: ['id', 'organisation_id', 'hostname', 'fqdn', 'netbios_name', 'serial_number', 'mac_addresses', 'ip_addresses', 'os_name', 'os_family', 'os_version', 'os_build', 'asset_kind', 'first_seen', 'last_seen', 'in_scope', 'created_at', 'updated_at'],
} as const satisfies BulkTable;

/** Rows per statement when changed devices are written back at the end (19 parameters a row). */
const updateBatchRows = 500;

/**
 * The organisation's devices during one import, resolved in memory with the identity rules
 * (docs/identity-resolution.md). The identity keys and rows of the organisation's devices are read
 * once; no device costs a round trip of its own after that. New devices are queued on the bulk
 * writer (which writes them before any evidence row that references them); devices that already
 * existed, or that a later asset record of this import changed, are written back in multi-row
 * batches by `finish`, all inside the import's transaction.
 */
export class ImportDevices {
  private readonly byAssetRef = new Map<string, ResolvedAsset>();
  /** Devices whose row must be written back by `finish`. */
  private readonly changed = new Set<string>();

  private constructor(
    private readonly trx: Transaction<Database>,
    private readonly writer: BulkWriter,
    private readonly organisationId: string,
    private readonly index: DeviceIndex,
    private readonly states: Map<string, DeviceState>,
    private readonly now: string,
  ) {}

  static async load(trx: Transaction<Database>, writer: BulkWriter, organisationId: string, now: Date): Promise<ImportDevices> {
    const rows = await trx
      .selectFrom('devices')
      .select(['id', 'hostname', 'fqdn', 'netbios_name', 'serial_number', 'mac_addresses', 'ip_addresses', 'os_name', 'os_family', 'os_version', 'os_build', 'asset_kind', 'first_seen', 'last_seen', 'in_scope', 'created_at'])
      .where('organisation_id', '=', organisationId)
      .execute();
    const index = new DeviceIndex();
    const states = new Map<string, DeviceState>();
    for (const { id, mac_addresses, ip_addresses, ...state } of rows) {
      index.add(id, deviceKeysOf({ hostname: state.hostname, fqdn: state.fqdn, netbiosName: state.netbios_name, serialNumber: state.serial_number, macAddresses: parseList(mac_addresses), ipAddresses: parseList(ip_addresses) }));
      states.set(id, state);
    }
    return new ImportDevices(trx, writer, organisationId, index, states, now.toISOString());
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
    let resolved: ResolvedAsset;
    if (match === null) {
      const deviceId = newId();
      this.index.add(deviceId, keys);
      const state: DeviceState = {
        hostname: detachString(asset.hostname) ?? null,
        fqdn: detachString(asset.fqdn) ?? null,
        netbios_name: detachString(asset.netbiosName) ?? null,
        serial_number: detachString(asset.serialNumber) ?? null,
        os_name: null,
        os_family: null,
        os_version: null,
        os_build: null,
        asset_kind: asset.assetKind,
        first_seen: seen,
        last_seen: seen,
        in_scope: null,
        created_at: this.now,
      };
      applyReported(state, asset);
      this.states.set(deviceId, state);
      await this.writer.write(devicesTable, this.deviceRow(deviceId, state));
      resolved = { deviceId, matchedBy: 'new', macs: keys.macs, ips: keys.ips, isNew: true };
    } else {
      const { deviceId } = match;
      this.index.add(deviceId, keys);
      const state = this.states.get(deviceId);
      if (!state) throw new Error(`device ${deviceId} is indexed but has no state`);
      // Names and serials already known are kept: a later report never renames a device.
      state.hostname ??= detachString(asset.hostname) ?? null;
      state.fqdn ??= detachString(asset.fqdn) ?? null;
      state.netbios_name ??= detachString(asset.netbiosName) ?? null;
      state.serial_number ??= detachString(asset.serialNumber) ?? null;
      if (seen < state.first_seen) state.first_seen = seen;
      if (seen > state.last_seen) state.last_seen = seen;
      if (asset.assetKind !== 'unknown') state.asset_kind = asset.assetKind;
      applyReported(state, asset);
      this.changed.add(deviceId);
      resolved = { deviceId, matchedBy: earlier ? earlier.matchedBy : match.rule, macs: keys.macs, ips: keys.ips, isNew: false };
    }
    this.byAssetRef.set(detachString(asset.assetRef), resolved);
    return resolved;
  }

  /**
   * Writes back every device this import matched again, a batch of rows per statement. Call after
   * the bulk writer's `flush`, so the devices this import created are in the table.
   */
  async finish(): Promise<void> {
    const ids = [...this.changed];
    this.changed.clear();
    for (let start = 0; start < ids.length; start += updateBatchRows) {
      const rows = ids.slice(start, start + updateBatchRows).map((id) => this.deviceValues(id, this.stateOf(id)));
      await this.trx
        .insertInto('devices')
        .values(rows)
        .onConflict((conflict) =>
          conflict
            .column('id')
            .doUpdateSet((eb) => ({
              hostname: eb.ref('excluded.hostname'),
              fqdn: eb.ref('excluded.fqdn'),
              netbios_name: eb.ref('excluded.netbios_name'),
              serial_number: eb.ref('excluded.serial_number'),
              mac_addresses: eb.ref('excluded.mac_addresses'),
              ip_addresses: eb.ref('excluded.ip_addresses'),
              os_name: eb.ref('excluded.os_name'),
              os_family: eb.ref('excluded.os_family'),
              os_version: eb.ref('excluded.os_version'),
              os_build: eb.ref('excluded.os_build'),
              asset_kind: eb.ref('excluded.asset_kind'),
              first_seen: eb.ref('excluded.first_seen'),
              last_seen: eb.ref('excluded.last_seen'),
              in_scope: eb.ref('excluded.in_scope'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            // Every id here was read from, or created in, this organisation; never cross it.
            .where('devices.organisation_id', '=', this.organisationId),
        )
        .execute();
    }
  }

  private stateOf(deviceId: string): DeviceState {
    const state = this.states.get(deviceId);
    if (!state) throw new Error(`device ${deviceId} has no state`);
    return state;
  }

  private deviceValues(deviceId: string, state: DeviceState): DeviceTable {
    const keys = this.index.keysOf(deviceId);
    return { id: deviceId, organisation_id: this.organisationId, ...state, mac_addresses: JSON.stringify(keys?.macs ?? []), ip_addresses: JSON.stringify(keys?.ips ?? []), updated_at: this.now };
  }

  private deviceRow(deviceId: string, state: DeviceState): BulkValue[] {
    const values = this.deviceValues(deviceId, state);
    return devicesTable.columns.map((column) => values[column]);
  }
}

/** The OS and scope follow the latest import that states them. */
function applyReported(state: DeviceState, asset: AssetRecord): void {
  const os = asset.os;
  if (os) {
    state.os_name = detachString(os.name);
    state.os_family = os.family ?? null;
    state.os_version = detachString(os.version) ?? null;
    state.os_build = detachString(os.build) ?? null;
  }
  if (asset.inScope !== undefined) state.in_scope = asset.inScope ? 1 : 0;
}

function parseList(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
