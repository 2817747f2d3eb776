/**
 * Microsoft Defender Antivirus health per device: `GET /api/deviceavinfo` pages, the "via files"
 * export (JSON lines), or the portal's antivirus health report CSV. Gives `av.present`,
 * `av.enabled`, `av.mode`, the signature, engine and platform versions, `av.signature_up_to_date`
 * and `av.signature_age_days` (age of the installed signatures when the report was refreshed, so
 * the same file always gives the same answer).
 *
 * The documented properties carry no real-time or tamper protection state: those come from the
 * secure configuration assessment (scid-2012, scid-2003 → `av.realtime_protection`,
 * `av.tamper_protection`).
 * Reference: https://learn.microsoft.com/en-us/defender-endpoint/api/device-health-api-methods-properties
 */
import type { Readable } from 'node:stream';
import type { EvidenceRecord, ObservationRecord, ObservationValue } from '../evidence.js';
import type { EvidenceFormat, ParseContext } from '../evidence-format.js';
import { defaultDefenderLimits, readDefenderRows, type DefenderEntity, type DefenderLimits } from './defender-rows.js';
import { detectDefender, deviceAsset, flag, text, timestamp } from './defender-values.js';

export const avHealthEntity: DefenderEntity = {
  label: 'antivirus health (/api/deviceavinfo)',
  context: /DeviceAvInfo/i,
  properties: [
    'id', 'machineId', 'computerDnsName', 'osKind', 'osPlatform', 'osVersion', 'avMode', 'avSignatureVersion', 'avEngineVersion',
    'avPlatformVersion', 'lastSeenTime', 'quickScanResult', 'quickScanError', 'quickScanTime', 'fullScanResult', 'fullScanError',
    'fullScanTime', 'dataRefreshTimestamp', 'avEngineUpdateTime', 'avSignatureUpdateTime', 'avPlatformUpdateTime',
    'avIsSignatureUpToDate', 'avIsEngineUpToDate', 'avIsPlatformUpToDate', 'avSignaturePublishTime', 'avEnginePublishTime',
    'avPlatformPublishTime', 'avSignatureDataRefreshTime', 'avModeDataRefreshTime', 'cloudProtectionState', 'rbacGroupName', 'rbacGroupId',
  ],
  identifying: ['avMode', 'avSignatureVersion', 'avEngineVersion'],
  // Captions of the portal's antivirus health report export (Reports → Device health → Antivirus health).
  aliases: {
    deviceid: 'machineId',
    devicename: 'computerDnsName',
    antivirusmode: 'avMode',
    signatureversion: 'avSignatureVersion',
    securityintelligenceversion: 'avSignatureVersion',
    engineversion: 'avEngineVersion',
    platformversion: 'avPlatformVersion',
    signatureuptodate: 'avIsSignatureUpToDate',
    securityintelligenceuptodate: 'avIsSignatureUpToDate',
    engineuptodate: 'avIsEngineUpToDate',
    platformuptodate: 'avIsPlatformUpToDate',
    signaturepublishtime: 'avSignaturePublishTime',
    signatureupdatetime: 'avSignatureUpdateTime',
    lastseen: 'lastSeenTime',
    datarefreshtime: 'dataRefreshTimestamp',
  },
};

const source = 'defender:antivirus-health';
const day = 24 * 60 * 60 * 1000;

/** `avMode` is a string-typed number; the portal writes words. */
const modes: Record<string, string> = {
  '0': 'active', active: 'active', activemode: 'active', normal: 'active',
  '1': 'passive', passive: 'passive', passivemode: 'passive',
  '2': 'disabled', disabled: 'disabled',
  '3': 'other', other: 'other',
  '4': 'edr-blocked', edrblocked: 'edr-blocked', edrblockmode: 'edr-blocked',
  '5': 'passive-audit', passiveaudit: 'passive-audit',
};

export function createDefenderAvHealthFormat(limits: DefenderLimits = defaultDefenderLimits): EvidenceFormat {
  return {
    id: 'defender-av-health',
    label: 'Microsoft Defender Antivirus health by device (/api/deviceavinfo JSON, portal CSV)',
    version: 1,
    extensions: ['.json', '.json.gz', '.csv'],
    detect: (sample) =>
      detectDefender(sample, {
        context: avHealthEntity.context,
        jsonKeys: (keys) => keys.has('avmode') || keys.has('avsignatureversion'),
        csvHeader: (columns) => (columns.has('devicename') || columns.has('deviceid') || columns.has('machineid')) && ['avmode', 'antivirusmode', 'avsignatureversion', 'securityintelligenceversion'].some((c) => columns.has(c)),
      }),
    parse: (input, context) => parse(input, context, limits),
  };
}

export const defenderAvHealthFormat = createDefenderAvHealthFormat();

async function* parse(input: Readable, context: ParseContext, limits: DefenderLimits): AsyncGenerator<EvidenceRecord> {
  const seen = new Set<string>();
  for await (const item of readDefenderRows(input, context, avHealthEntity, limits)) {
    if (item.kind === 'warning') {
      yield item;
      continue;
    }
    const { row, location } = item;
    const asset = deviceAsset(row, location, 'machineId', 'computerDnsName');
    if (!asset) {
      yield { kind: 'warning', message: 'antivirus row has no machineId; skipped', location };
      continue;
    }
    if (seen.has(asset.assetRef)) {
      yield { kind: 'warning', message: `device ${asset.externalIds?.defender ?? ''} is listed twice; the later row is skipped`, location };
      continue;
    }
    seen.add(asset.assetRef);
    const lastSeen = timestamp(row.lastSeenTime);
    if (lastSeen) asset.lastSeenAt = lastSeen;
    yield asset;
    const observedAt = timestamp(row.dataRefreshTimestamp) ?? lastSeen;
    const put = (key: string, value: ObservationValue | undefined): ObservationRecord | undefined =>
      value === undefined ? undefined : { kind: 'observation', assetRef: asset.assetRef, key, value, source, location, ...(observedAt ? { observedAt } : {}) };
    const modeRaw = text(row.avMode);
    const mode = modeRaw === undefined ? undefined : (modes[modeRaw.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? 'other');
    // Passive and EDR-block modes mean another antivirus is primary, which Defender does not report on.
    const enabled = mode === 'active' ? true : mode === 'disabled' ? false : undefined;
    const records = [
      put('av.present', true),
      put('av.product', 'Microsoft Defender Antivirus'),
      put('av.mode', mode),
      put('av.enabled', enabled),
      put('av.signature_version', text(row.avSignatureVersion)),
      put('av.engine_version', text(row.avEngineVersion)),
      put('av.platform_version', text(row.avPlatformVersion)),
      put('av.signature_up_to_date', flag(row.avIsSignatureUpToDate)),
      put('av.signature_age_days', signatureAgeDays(row.avSignaturePublishTime ?? row.avSignatureUpdateTime, observedAt)),
    ];
    for (const record of records) if (record) yield record;
  }
}

function signatureAgeDays(signatureTime: unknown, observedAt: string | undefined): number | undefined {
  const published = timestamp(signatureTime);
  if (!published || !observedAt) return undefined;
  return Math.max(0, Math.floor((Date.parse(observedAt) - Date.parse(published)) / day));
}
