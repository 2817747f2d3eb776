import type { Readable } from 'node:stream';
import type {
  AssetRecord,
  EvidenceRecord,
  ObservationRecord,
  ObservationValue,
  OperatingSystem,
} from '../evidence.js';
import type { EvidenceFormat, FormatSample, ParseContext } from '../evidence-format.js';
import { readCsvRows } from '../text/csv-rows.js';
import { unreadable } from '../text/unreadable.js';
import { hostnameAliases, resolveHeaders, type InventoryColumn } from './device-inventory-columns.js';
import {
  assetKindOf,
  daysBetween,
  osFamilyFromName,
  parseDate,
  parseYesNo,
} from './device-inventory-values.js';

export type DeviceInventoryOptions = {
  /** A physical line longer than this is refused (no inventory row is anywhere near it). */
  maxLineBytes: number;
  /** The import date, used for signature age when a row has no last-seen date. */
  now: () => Date;
};

const defaults: DeviceInventoryOptions = { maxLineBytes: 1024 * 1024, now: () => new Date() };

export function createDeviceInventoryFormat(options: Partial<DeviceInventoryOptions> = {}): EvidenceFormat {
  const settings = { ...defaults, ...options };
  return {
    id: 'device-inventory-csv',
    label: 'Device inventory CSV (Ward columns, Intune or Configuration Manager export)',
    version: 1,
    extensions: ['.csv'],
    detect,
    parse: (input, context) => parse(input, context, settings),
  };
}

export const deviceInventoryCsvFormat = createDeviceInventoryFormat();

function detect(sample: FormatSample): boolean {
  const firstLine = sample.head.split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.includes(',') && !sample.fileName.toLowerCase().endsWith('.csv')) return false;
  const headers = firstLine.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const columns = resolveHeaders(headers);
  // A hostname alone ("Name") is too common; ask for a second inventory column.
  return columns.has('hostname') && columns.size >= 2;
}

async function* parse(
  input: Readable,
  context: ParseContext,
  options: DeviceInventoryOptions,
): AsyncGenerator<EvidenceRecord> {
  const { fileName } = context;
  let columns: Map<InventoryColumn, string> | undefined;
  const seen = new Map<string, number>();
  const importedAt = options.now().toISOString();

  for await (const item of readCsvRows(input, {
    fileName,
    maxLineBytes: options.maxLineBytes,
    signal: context.signal,
  })) {
    if (item.kind === 'header') {
      columns = resolveHeaders(item.fields);
      if (!columns.has('hostname')) {
        const found = item.fields.length > 0 ? item.fields.map((f) => `"${f}"`).join(', ') : 'none';
        throw unreadable(
          `no hostname column: expected one of ${hostnameAliases()
            .map((a) => `"${a}"`)
            .join(', ')} (case and spaces ignored); headers found: ${found}`,
          { file: fileName, line: 1 },
        );
      }
      continue;
    }
    if (!columns) continue;
    const location = { file: fileName, line: item.line };
    for (const problem of item.problems) yield { kind: 'warning', message: problem, location };
    const cell = (column: InventoryColumn): string | undefined => {
      const header = columns?.get(column);
      const value = header === undefined ? undefined : item.values[header]?.trim();
      return value ? value : undefined;
    };
    const hostname = cell('hostname');
    if (!hostname) {
      yield { kind: 'warning', message: 'row has no hostname; skipped', location };
      continue;
    }
    const serial = cell('serial');
    const assetRef = serial ? `${hostname}#${serial}` : hostname;
    const firstLine = seen.get(assetRef.toLowerCase());
    if (firstLine !== undefined) {
      yield {
        kind: 'warning',
        message: `device "${hostname}" is listed again (first on line ${firstLine}); skipped`,
        location,
      };
      continue;
    }
    seen.set(assetRef.toLowerCase(), item.line);
    yield* rowRecords(assetRef, hostname, serial, cell, location, importedAt);
  }
  if (!columns) throw unreadable('the file is empty: no header row', { file: fileName, line: 1 });
}

function* rowRecords(
  assetRef: string,
  hostname: string,
  serial: string | undefined,
  cell: (column: InventoryColumn) => string | undefined,
  location: { file: string; line: number },
  importedAt: string,
): Generator<EvidenceRecord> {
  const warn = (message: string): EvidenceRecord => ({ kind: 'warning', message, location });
  const osName = cell('os_name');
  const asset: AssetRecord = {
    kind: 'asset',
    assetRef,
    assetKind: assetKindOf(cell('device_type'), osName),
    hostname: hostname.split('.')[0] ?? hostname,
    ipAddresses: [],
    macAddresses: [],
    location,
  };
  if (hostname.includes('.') && !/^\d+(\.\d+){3}$/.test(hostname)) asset.fqdn = hostname;
  if (serial) asset.serialNumber = serial;
  if (osName) asset.os = operatingSystem(osName, cell('os_version'), cell('os_build'));
  const owner = cell('owner');
  if (owner) asset.owner = owner;

  const lastSeen = parseDate(cell('last_seen'));
  if (lastSeen === null) yield warn(`last seen "${cell('last_seen') ?? ''}" is not a date; ignored`);
  else if (lastSeen) asset.lastSeenAt = lastSeen;
  const inScope = parseYesNo(cell('in_scope'));
  if (inScope === null) yield warn(`in scope "${cell('in_scope') ?? ''}" is not yes/no; ignored`);
  else if (inScope !== undefined) asset.inScope = inScope;
  yield asset;

  const observedAt = asset.lastSeenAt;
  const observe = (key: string, value: ObservationValue): ObservationRecord => {
    const record: ObservationRecord = {
      kind: 'observation',
      assetRef,
      key,
      value,
      source: 'device-inventory',
      location,
    };
    if (observedAt) record.observedAt = observedAt;
    return record;
  };

  const encrypted = parseYesNo(cell('encryption'));
  if (encrypted === null) yield warn(`encryption "${cell('encryption') ?? ''}" is not yes/no; ignored`);
  else if (encrypted !== undefined) yield observe('disk.encrypted', encrypted);

  const avProduct = cell('av_product');
  if (avProduct) yield observe('av.product', avProduct);
  const signatureDate = parseDate(cell('av_signature_date'));
  if (signatureDate === null)
    yield warn(`AV signature date "${cell('av_signature_date') ?? ''}" is not a date; ignored`);
  else if (signatureDate) {
    // Age as of the last sighting: an inventory exported today about a device last seen a month
    // ago says nothing about today's signatures.
    yield observe('av.signature_age_days', daysBetween(signatureDate, lastSeen ?? importedAt));
  }

  const compliance = cell('compliance');
  if (compliance) yield observe('mdm.compliance', compliance);
  const active = parseYesNo(cell('client_activity'));
  if (active === true || active === false) yield observe('client.active', active);
}

function operatingSystem(
  name: string,
  version: string | undefined,
  build: string | undefined,
): OperatingSystem {
  const family = osFamilyFromName(name);
  const os: OperatingSystem = { name };
  if (family) os.family = family;
  // Intune puts the full Windows build ("10.0.19045.4170") in "OS version".
  if (family === 'windows' && !build && version && /^\d+\.\d+\.\d+(\.\d+)?$/.test(version))
    os.build = version;
  else if (version) os.version = version;
  if (build) os.build = build;
  return os;
}
