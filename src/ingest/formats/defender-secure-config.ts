/**
 * Defender secure configuration assessment per device:
 * `GET /api/machines/SecureConfigurationsAssessmentByMachine` pages, the "via files" export (JSON
 * lines), or a CSV with the same property names (e.g. an advanced-hunting
 * `DeviceTvmSecureConfigurationAssessment` export). Rows whose configuration id Ward knows
 * (`defender-sca-observations.ts`) become observations such as `firewall.enabled` and
 * `smb1.enabled`; the others are counted, not stored.
 * Reference: https://learn.microsoft.com/en-us/defender-endpoint/api/get-assessment-secure-config
 */
import type { Readable } from 'node:stream';
import type { SourceLocation } from '../../core/errors.js';
import type { EvidenceRecord } from '../evidence.js';
import type { EvidenceFormat, ParseContext } from '../evidence-format.js';
import { defaultDefenderLimits, readDefenderRows, type DefenderEntity, type DefenderLimits } from './defender-rows.js';
import { combine, scaMappingOf } from './defender-sca-observations.js';
import { detectDefender, deviceAsset, DeviceOnce, flag, text, timestamp } from './defender-values.js';

export const secureConfigEntity: DefenderEntity = {
  label: 'secure configuration assessment (SecureConfigurationsAssessmentByMachine)',
  context: /AssetConfiguration|SecureConfiguration/i,
  properties: [
    'id', 'deviceId', 'deviceName', 'rbacGroupName', 'rbacGroupId', 'osPlatform', 'osVersion', 'timestamp', 'configurationId',
    'configurationCategory', 'configurationSubcategory', 'configurationImpact', 'configurationName', 'isCompliant', 'isApplicable',
    'isExpectedUserImpact', 'recommendationReference',
  ],
  identifying: ['configurationId'],
};

const source = 'defender:secure-configuration';

type KeyState = { values: boolean[]; observedAt?: string; location: SourceLocation };

export function createDefenderSecureConfigFormat(limits: DefenderLimits = defaultDefenderLimits): EvidenceFormat {
  return {
    id: 'defender-secure-config',
    label: 'Microsoft Defender secure configuration assessment by device (JSON, CSV)',
    version: 1,
    extensions: ['.json', '.json.gz', '.csv'],
    detect: (sample) =>
      detectDefender(sample, {
        context: secureConfigEntity.context,
        jsonKeys: (keys) => keys.has('deviceid') && keys.has('configurationid'),
        csvHeader: (columns) => columns.has('deviceid') && columns.has('configurationid'),
      }),
    parse: (input, context) => parse(input, context, limits),
  };
}

export const defenderSecureConfigFormat = createDefenderSecureConfigFormat();

async function* parse(input: Readable, context: ParseContext, limits: DefenderLimits): AsyncGenerator<EvidenceRecord> {
  const devices = new DeviceOnce();
  // Per device, per key: the compliance of every mapped id (a key can come from several ids).
  const states = new Map<string, Map<string, KeyState>>();
  for await (const item of readDefenderRows(input, context, secureConfigEntity, limits)) {
    if (item.kind === 'warning') {
      yield item;
      continue;
    }
    const { row, location } = item;
    const asset = deviceAsset(row, location, 'deviceId', 'deviceName');
    if (!asset) {
      yield { kind: 'warning', message: 'configuration row has no deviceId; skipped', location };
      continue;
    }
    const first = devices.first(asset);
    if (first) yield first;
    const mapping = scaMappingOf(text(row.configurationId), text(row.configurationName));
    if (!mapping || flag(row.isApplicable) === false) continue;
    const compliant = flag(row.isCompliant);
    if (compliant === undefined) {
      yield { kind: 'warning', message: `isCompliant of ${text(row.configurationId) ?? 'a configuration'} is not true or false; skipped`, location };
      continue;
    }
    const perDevice = states.get(asset.assetRef) ?? new Map<string, KeyState>();
    states.set(asset.assetRef, perDevice);
    const state = perDevice.get(mapping.key) ?? { values: [], location };
    state.values.push(mapping.compliantMeans ? compliant : !compliant);
    const observedAt = timestamp(row.timestamp);
    if (observedAt && (!state.observedAt || observedAt > state.observedAt)) state.observedAt = observedAt;
    perDevice.set(mapping.key, state);
  }
  for (const [assetRef, perDevice] of states) {
    for (const [key, state] of perDevice) {
      const value = combine(state.values);
      if (value === undefined) continue;
      yield { kind: 'observation', assetRef, key, value, source, location: state.location, ...(state.observedAt ? { observedAt: state.observedAt } : {}) };
    }
  }
}
