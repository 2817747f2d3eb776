/**
 * Defender for Endpoint device inventory: `GET /api/machines` pages, or the portal's device
 * inventory CSV export. Each machine becomes an asset with its Defender health, exposure,
 * onboarding state and device group kept as observations (`defender.*`, `edr.onboarded`).
 * Reference: https://learn.microsoft.com/en-us/defender-endpoint/api/machine
 */
import type { Readable } from 'node:stream';
import type { EvidenceRecord, ObservationRecord, ObservationValue } from '../evidence.js';
import type { EvidenceFormat, ParseContext } from '../evidence-format.js';
import type { JsonObject } from '../text/json-values.js';
import { defaultDefenderLimits, readDefenderRows, type DefenderEntity, type DefenderLimits } from './defender-rows.js';
import { detectDefender, deviceAsset, list, text, timestamp } from './defender-values.js';

export const machinesEntity: DefenderEntity = {
  label: 'device inventory (/api/machines)',
  context: /\$metadata#Machines\b/i,
  properties: [
    'id', 'computerDnsName', 'firstSeen', 'lastSeen', 'osPlatform', 'osVersion', 'osProcessor', 'osArchitecture', 'version',
    'osBuild', 'lastIpAddress', 'lastExternalIpAddress', 'healthStatus', 'onboardingStatus', 'rbacGroupId', 'rbacGroupName',
    'riskScore', 'exposureLevel', 'isAadJoined', 'aadDeviceId', 'machineTags', 'deviceValue', 'ipAddresses', 'managedBy',
  ],
  identifying: ['id', 'computerDnsName'],
  // Captions of the portal's device inventory export (Assets → Devices → Export).
  aliases: {
    deviceid: 'id',
    devicename: 'computerDnsName',
    name: 'computerDnsName',
    lastdeviceupdate: 'lastSeen',
    windowsversion: 'version',
    sensorhealthstate: 'healthStatus',
    healthstate: 'healthStatus',
    risklevel: 'riskScore',
    tags: 'machineTags',
    devicetags: 'machineTags',
    devicegroup: 'rbacGroupName',
    ip: 'lastIpAddress',
    ipaddress: 'lastIpAddress',
    osbuildnumber: 'osBuild',
  },
};

const source = 'defender:machines';

export function createDefenderMachinesFormat(limits: DefenderLimits = defaultDefenderLimits): EvidenceFormat {
  return {
    id: 'defender-machines',
    label: 'Microsoft Defender for Endpoint device inventory (/api/machines JSON, portal CSV)',
    version: 1,
    extensions: ['.json', '.json.gz', '.csv'],
    detect: (sample) =>
      detectDefender(sample, {
        context: machinesEntity.context,
        jsonKeys: (keys) => keys.has('computerdnsname') && (keys.has('healthstatus') || keys.has('osplatform')) && !keys.has('avmode'),
        csvHeader: (columns) => (columns.has('devicename') || columns.has('deviceid')) && (columns.has('onboardingstatus') || columns.has('exposurelevel') || columns.has('sensorhealthstate')),
      }),
    parse: (input, context) => parse(input, context, limits),
  };
}

export const defenderMachinesFormat = createDefenderMachinesFormat();

async function* parse(input: Readable, context: ParseContext, limits: DefenderLimits): AsyncGenerator<EvidenceRecord> {
  const seen = new Set<string>();
  for await (const item of readDefenderRows(input, context, machinesEntity, limits)) {
    if (item.kind === 'warning') {
      yield item;
      continue;
    }
    const { row, location } = item;
    const asset = deviceAsset(row, location, 'id', 'computerDnsName');
    if (!asset) {
      yield { kind: 'warning', message: 'machine has no id; skipped', location };
      continue;
    }
    if (seen.has(asset.assetRef)) {
      yield { kind: 'warning', message: `machine ${asset.externalIds?.defender ?? ''} is listed twice; the later row is skipped`, location };
      continue;
    }
    seen.add(asset.assetRef);
    const addresses = Array.isArray(row.ipAddresses) ? row.ipAddresses.filter((a): a is JsonObject => a !== null && typeof a === 'object') : [];
    asset.ipAddresses = [...new Set([text(row.lastIpAddress), ...addresses.map((a) => text(a.ipAddress))].filter((v): v is string => v !== undefined))];
    asset.macAddresses = [...new Set(addresses.map((a) => text(a.macAddress)).filter((v): v is string => v !== undefined))];
    const lastSeen = timestamp(row.lastSeen);
    if (lastSeen) asset.lastSeenAt = lastSeen;
    const aad = text(row.aadDeviceId);
    if (aad) asset.externalIds = { ...asset.externalIds, entra: aad };
    yield asset;
    yield* observations(asset.assetRef, row, location, lastSeen);
  }
}

function* observations(assetRef: string, row: JsonObject, location: ObservationRecord['location'], observedAt: string | undefined): Generator<ObservationRecord> {
  const put = (key: string, value: ObservationValue | undefined): ObservationRecord | undefined =>
    value === undefined ? undefined : { kind: 'observation', assetRef, key, value, source, ...(observedAt ? { observedAt } : {}), ...(location ? { location } : {}) };
  const onboarding = text(row.onboardingStatus);
  const tags = list(row.machineTags);
  const records = [
    put('defender.health_status', text(row.healthStatus)),
    put('defender.onboarding_status', onboarding),
    put('edr.onboarded', onboarding === undefined ? undefined : onboarding.toLowerCase() === 'onboarded'),
    put('defender.exposure_level', text(row.exposureLevel)),
    put('defender.risk_score', text(row.riskScore)),
    put('defender.device_group', text(row.rbacGroupName)),
    put('defender.tags', tags.length > 0 ? tags.join('; ') : undefined),
  ];
  for (const record of records) if (record) yield record;
}
