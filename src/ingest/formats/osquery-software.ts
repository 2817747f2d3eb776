import { PackageURL } from 'packageurl-js';
import type { ServiceRecord, SoftwareRecord } from '../evidence.js';
import type { LocatedRow } from './osquery-state.js';
import type { OsqueryTable } from './osquery-tables.js';
import { isoDateFromWindows, text } from './osquery-values.js';

type SoftwareFields = Omit<SoftwareRecord, 'kind' | 'assetRef' | 'source' | 'location'>;

/** `platform` is os_version.platform (e.g. "ubuntu"), the purl namespace of deb and rpm packages. */
function fields(
  table: OsqueryTable,
  row: LocatedRow['row'],
  platform: string | undefined,
): SoftwareFields | undefined {
  switch (table) {
    case 'programs': {
      const name = text(row, 'name');
      if (!name) return undefined;
      return {
        name,
        vendor: text(row, 'publisher'),
        version: text(row, 'version'),
        installedAt: isoDateFromWindows(text(row, 'install_date')),
      };
    }
    case 'patches': {
      const name = text(row, 'hotfix_id');
      if (!name) return undefined;
      return {
        name: name.toUpperCase(),
        vendor: 'Microsoft',
        packageType: 'windows-update',
        installedAt: isoDateFromWindows(text(row, 'installed_on') ?? text(row, 'install_date')),
      };
    }
    case 'deb_packages':
    case 'rpm_packages': {
      const name = text(row, 'name');
      if (!name) return undefined;
      const type = table === 'deb_packages' ? 'deb' : 'rpm';
      // rpm splits version and release; the installed build is both.
      const release = table === 'rpm_packages' ? text(row, 'release') : undefined;
      const base = text(row, 'version');
      const version = base && release ? `${base}-${release}` : base;
      const record: SoftwareFields = { name, version, packageType: type };
      const purl = packagePurl(type, platform, name, version, text(row, 'arch'), text(row, 'epoch'));
      if (purl) record.purl = purl;
      return record;
    }
    case 'apps': {
      // display_name is what Finder shows ("Google Chrome"); bundle_name is often shorter ("Chrome").
      const name =
        text(row, 'display_name') ?? text(row, 'name')?.replace(/\.app$/i, '') ?? text(row, 'bundle_name');
      if (!name) return undefined;
      return {
        name,
        version: text(row, 'bundle_short_version') ?? text(row, 'bundle_version'),
        packageType: 'macos-app',
      };
    }
    default:
      return undefined;
  }
}

function packagePurl(
  type: 'deb' | 'rpm',
  platform: string | undefined,
  name: string,
  version: string | undefined,
  arch: string | undefined,
  epoch: string | undefined,
): string | undefined {
  if (!platform) return undefined;
  const qualifiers: Record<string, string> = {};
  if (arch) qualifiers.arch = arch;
  if (epoch && epoch !== '0') qualifiers.epoch = epoch;
  try {
    return new PackageURL(type, platform.toLowerCase(), name, version, qualifiers, undefined).toString();
  } catch {
    return undefined;
  }
}

const softwareTables: OsqueryTable[] = ['programs', 'patches', 'deb_packages', 'rpm_packages', 'apps'];

export function* softwareRecords(
  assetRef: string,
  tables: Map<OsqueryTable, LocatedRow[]>,
  platform: string | undefined,
): Generator<SoftwareRecord> {
  for (const table of softwareTables) {
    const seen = new Set<string>();
    for (const { row, location } of tables.get(table) ?? []) {
      const found = fields(table, row, platform);
      if (!found) continue;
      // The same package can be logged by two queries; one record is enough.
      const key = `${found.name}\u0000${found.version ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const record: SoftwareRecord = {
        kind: 'software',
        assetRef,
        name: found.name,
        source: `osquery:${table}`,
        location,
      };
      for (const [field, value] of Object.entries(found)) {
        if (value !== undefined) Object.assign(record, { [field]: value });
      }
      yield record;
    }
  }
}

// IANA protocol numbers, as listening_ports.protocol reports them.
const protocols: Record<string, ServiceRecord['protocol']> = { '6': 'tcp', '17': 'udp', '132': 'sctp' };

export function* serviceRecords(assetRef: string, rows: LocatedRow[] | undefined): Generator<ServiceRecord> {
  const seen = new Set<string>();
  for (const { row, location } of rows ?? []) {
    const port = Number(text(row, 'port'));
    const protocol = protocols[text(row, 'protocol') ?? ''];
    // Port 0 and empty ports are UNIX domain sockets or unbound handles, not network services.
    if (!protocol || !Number.isInteger(port) || port <= 0 || port > 65535) continue;
    const key = `${protocol}/${port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    yield { kind: 'service', assetRef, port, protocol, state: 'open', cpes: [], location };
  }
}
