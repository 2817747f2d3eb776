import type { AssetKind, AssetRecord, OperatingSystem, OsFamily } from '../evidence.js';
import type { HostFacts, LocatedRow } from './osquery-state.js';
import type { OsqueryTable } from './osquery-tables.js';
import { text, type OsqueryRow } from './osquery-values.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** osquery runs on Windows, macOS, Linux and FreeBSD; `platform` is the distribution id on Linux. */
export function osFamily(platform: string | undefined): OsFamily | undefined {
  if (!platform) return undefined;
  const lower = platform.toLowerCase();
  if (lower === 'windows') return 'windows';
  if (lower === 'darwin') return 'macos';
  if (lower.endsWith('bsd')) return 'unix';
  return 'linux';
}

export function operatingSystem(row: OsqueryRow): OperatingSystem | undefined {
  const name = text(row, 'name');
  if (!name) return undefined;
  const family = osFamily(text(row, 'platform'));
  const version = text(row, 'version');
  const os: OperatingSystem = { name, family };
  const arch = text(row, 'arch');
  if (arch) os.architecture = arch;
  if (family === 'windows') {
    // os_version.version is "10.0.19045"; since osquery 5.12 `build` may carry the UBR
    // ("19045.4291", osquery PR #8265). The marketing version (22H2) is not in this table.
    const build = text(row, 'build');
    const major = text(row, 'major');
    const minor = text(row, 'minor');
    os.build = build?.includes('.') && major && minor ? `${major}.${minor}.${build}` : version;
    const edition = /Windows (?:Server )?[\d.]+(?: R2)? (.+)$/i.exec(name)?.[1];
    if (edition) os.edition = edition;
    return os;
  }
  // Linux and macOS: "22.04.3 LTS (Jammy Jellyfish)" → release "22.04.3"; keep the pretty text
  // in the name as users know it.
  if (version) {
    os.version = /^\d+(?:\.\d+)*/.exec(version)?.[0] ?? version;
    if (!name.includes(version)) os.name = `${name} ${version}`;
  }
  const build = text(row, 'build');
  if (build) os.build = build;
  return os;
}

function assetKind(os: OperatingSystem | undefined): AssetKind {
  if (!os) return 'unknown';
  if (os.family === 'windows') return /server/i.test(os.name) ? 'server' : 'end-user-device';
  if (os.family === 'macos') return 'end-user-device';
  return 'unknown';
}

export function assetRecord(host: HostFacts, tables: Map<OsqueryTable, LocatedRow[]>): AssetRecord {
  const system = tables.get('system_info')?.at(-1)?.row;
  const osRow = tables.get('os_version')?.at(-1)?.row;
  const os = osRow ? operatingSystem(osRow) : undefined;
  const identifier = host.hostIdentifier;
  const hostname =
    (system && (text(system, 'hostname') ?? text(system, 'computer_name'))) ??
    text(host.decorations, 'hostname') ??
    (identifier && !uuidPattern.test(identifier) ? identifier : undefined);
  const externalIds: Record<string, string> = {};
  const uuid = (system && text(system, 'uuid')) ?? text(host.decorations, 'host_uuid');
  if (uuid) externalIds.osqueryUuid = uuid;
  if (identifier) externalIds.osqueryHostIdentifier = identifier;

  const asset: AssetRecord = {
    kind: 'asset',
    assetRef: host.assetRef,
    assetKind: assetKind(os),
    ipAddresses: [],
    macAddresses: [],
    location: host.firstLocation,
  };
  if (hostname) {
    asset.hostname = hostname.split('.')[0];
    if (hostname.includes('.')) asset.fqdn = hostname;
  }
  const serial = system && text(system, 'hardware_serial');
  if (serial) asset.serialNumber = serial;
  if (os) asset.os = os;
  if (host.lastSeenAt) asset.lastSeenAt = host.lastSeenAt;
  if (Object.keys(externalIds).length > 0) asset.externalIds = externalIds;
  return asset;
}
