/**
 * Defender Vulnerability Management software inventory per device:
 * `GET /api/machines/SoftwareInventoryByMachine` pages, the "via files" export (JSON lines), or a
 * CSV with the same property names (e.g. an advanced-hunting `DeviceTvmSoftwareInventory` export).
 * Each row is one (device, vendor, product, version).
 * Reference: https://learn.microsoft.com/en-us/defender-endpoint/api/get-assessment-software-inventory
 */
import type { Readable } from 'node:stream';
import type { EvidenceRecord, SoftwareRecord } from '../evidence.js';
import type { EvidenceFormat, ParseContext } from '../evidence-format.js';
import { defaultDefenderLimits, readDefenderRows, type DefenderEntity, type DefenderLimits } from './defender-rows.js';
import { detectDefender, deviceAsset, DeviceOnce, text } from './defender-values.js';

export const softwareEntity: DefenderEntity = {
  label: 'software inventory (SoftwareInventoryByMachine)',
  context: /AssetSoftware|SoftwareInventory/i,
  properties: [
    'id', 'deviceId', 'deviceName', 'rbacGroupName', 'rbacGroupId', 'osPlatform', 'osVersion', 'osArchitecture', 'softwareVendor',
    'softwareName', 'softwareVersion', 'numberOfWeaknesses', 'diskPaths', 'registryPaths', 'softwareFirstSeenTimestamp',
    'softwareLastSeenTimestamp', 'endOfSupportStatus', 'endOfSupportDate', 'productCodeCpe',
  ],
  identifying: ['softwareName'],
};

const source = 'defender:software-inventory';

export function createDefenderSoftwareFormat(limits: DefenderLimits = defaultDefenderLimits): EvidenceFormat {
  return {
    id: 'defender-software',
    label: 'Microsoft Defender software inventory by device (SoftwareInventoryByMachine JSON, CSV)',
    version: 1,
    extensions: ['.json', '.json.gz', '.csv'],
    detect: (sample) =>
      detectDefender(sample, {
        context: softwareEntity.context,
        jsonKeys: (keys) => keys.has('deviceid') && keys.has('softwarename') && !keys.has('cveid'),
        csvHeader: (columns) => columns.has('deviceid') && columns.has('softwarename') && !columns.has('cveid'),
      }),
    parse: (input, context) => parse(input, context, limits),
  };
}

export const defenderSoftwareFormat = createDefenderSoftwareFormat();

async function* parse(input: Readable, context: ParseContext, limits: DefenderLimits): AsyncGenerator<EvidenceRecord> {
  const devices = new DeviceOnce();
  for await (const item of readDefenderRows(input, context, softwareEntity, limits)) {
    if (item.kind === 'warning') {
      yield item;
      continue;
    }
    const { row, location } = item;
    const asset = deviceAsset(row, location, 'deviceId', 'deviceName');
    const name = text(row.softwareName);
    if (!asset || !name) {
      yield { kind: 'warning', message: `software row has no ${asset ? 'softwareName' : 'deviceId'}; skipped`, location };
      continue;
    }
    const first = devices.first(asset);
    if (first) yield first;
    const software: SoftwareRecord = { kind: 'software', assetRef: asset.assetRef, name, source, location };
    const vendor = text(row.softwareVendor);
    const version = text(row.softwareVersion);
    const cpe = text(row.productCodeCpe);
    if (vendor) software.vendor = vendor;
    if (version) software.version = version;
    if (cpe?.startsWith('cpe:')) software.cpe = cpe;
    yield software;
  }
}
