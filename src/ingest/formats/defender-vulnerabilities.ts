/**
 * Defender Vulnerability Management verdicts per device:
 * `GET /api/machines/SoftwareVulnerabilitiesByMachine` pages, the "via files" export (JSON lines),
 * or a CSV with the same property names. Each row (device, software, CVE) becomes a finding with
 * tool "defender", kept beside Ward's own matching of the same device's software.
 * Reference: https://learn.microsoft.com/en-us/defender-endpoint/api/get-assessment-software-vulnerabilities
 */
import type { Readable } from 'node:stream';
import type { EvidenceRecord, FindingRecord } from '../evidence.js';
import type { EvidenceFormat, ParseContext } from '../evidence-format.js';
import { defaultDefenderLimits, readDefenderRows, type DefenderEntity, type DefenderLimits } from './defender-rows.js';
import { detectDefender, deviceAsset, DeviceOnce, flag, number, severityOf, text, timestamp } from './defender-values.js';

export const vulnerabilitiesEntity: DefenderEntity = {
  label: 'software vulnerabilities (SoftwareVulnerabilitiesByMachine)',
  context: /Vulnerabilit/i,
  properties: [
    'id', 'cveId', 'cvssScore', 'deviceId', 'deviceName', 'rbacGroupName', 'rbacGroupId', 'osPlatform', 'osVersion', 'osArchitecture',
    'softwareVendor', 'softwareName', 'softwareVersion', 'vulnerabilitySeverityLevel', 'recommendedSecurityUpdate',
    'recommendedSecurityUpdateId', 'recommendedSecurityUpdateUrl', 'diskPaths', 'registryPaths', 'firstSeenTimestamp',
    'lastSeenTimestamp', 'exploitabilityLevel', 'recommendationReference', 'securityUpdateAvailable', 'cveMitigationStatus',
    'status', 'eventTimestamp',
  ],
  identifying: ['cveId'],
  // The older per-machine API (`/api/vulnerabilities/machinesVulnerabilities`) names the same facts differently.
  aliases: {
    machineid: 'deviceId',
    productname: 'softwareName',
    productvendor: 'softwareVendor',
    productversion: 'softwareVersion',
    severity: 'vulnerabilitySeverityLevel',
    fixingkbid: 'recommendedSecurityUpdateId',
  },
};

export function createDefenderVulnerabilitiesFormat(limits: DefenderLimits = defaultDefenderLimits): EvidenceFormat {
  return {
    id: 'defender-vulnerabilities',
    label: 'Microsoft Defender software vulnerabilities by device (SoftwareVulnerabilitiesByMachine JSON, CSV)',
    version: 1,
    extensions: ['.json', '.json.gz', '.csv'],
    detect: (sample) =>
      detectDefender(sample, {
        context: vulnerabilitiesEntity.context,
        jsonKeys: (keys) => (keys.has('deviceid') || keys.has('machineid')) && keys.has('cveid'),
        csvHeader: (columns) => columns.has('deviceid') && columns.has('cveid'),
      }),
    parse: (input, context) => parse(input, context, limits),
  };
}

export const defenderVulnerabilitiesFormat = createDefenderVulnerabilitiesFormat();

async function* parse(input: Readable, context: ParseContext, limits: DefenderLimits): AsyncGenerator<EvidenceRecord> {
  const devices = new DeviceOnce();
  for await (const item of readDefenderRows(input, context, vulnerabilitiesEntity, limits)) {
    if (item.kind === 'warning') {
      yield item;
      continue;
    }
    const { row, location } = item;
    const asset = deviceAsset(row, location, 'deviceId', 'deviceName');
    const cve = text(row.cveId)?.toUpperCase();
    if (!asset || !cve) {
      yield { kind: 'warning', message: `vulnerability row has no ${asset ? 'cveId' : 'deviceId'}; skipped`, location };
      continue;
    }
    // The delta export also lists vulnerabilities fixed since the given date: not current.
    if (text(row.status)?.toLowerCase() === 'fixed') continue;
    const first = devices.first(asset);
    if (first) yield first;
    const cvss = number(row.cvssScore);
    const product = [text(row.softwareVendor), text(row.softwareName), text(row.softwareVersion)].filter(Boolean).join(' ');
    const finding: FindingRecord = {
      kind: 'finding',
      assetRef: asset.assetRef,
      tool: 'defender',
      checkId: product ? `${cve}:${[text(row.softwareVendor), text(row.softwareName), text(row.softwareVersion)].map((p) => p ?? '').join(':')}` : cve,
      title: product ? `${cve} in ${product}` : cve,
      severity: severityOf(row.vulnerabilitySeverityLevel, cvss),
      cves: [cve],
      // Defender gives a CVSS v3 base score without saying 3.0 or 3.1.
      cvss: cvss === undefined ? [] : [{ version: '3.1', baseScore: cvss }],
      location,
    };
    const update = [text(row.recommendedSecurityUpdate), text(row.recommendedSecurityUpdateId), text(row.recommendedSecurityUpdateUrl)].filter(Boolean);
    if (update.length > 0) finding.solution = `Install ${update.join(' ')}`;
    const firstSeen = timestamp(row.firstSeenTimestamp);
    const lastSeen = timestamp(row.lastSeenTimestamp);
    if (firstSeen) finding.firstSeenAt = firstSeen;
    if (lastSeen) finding.lastSeenAt = lastSeen;
    const facts = [
      ['exploitability', text(row.exploitabilityLevel)],
      ['security update available', flag(row.securityUpdateAvailable)?.toString()],
      ['mitigation', text(row.cveMitigationStatus)],
      ['recommendation', text(row.recommendationReference)],
    ].filter((f): f is [string, string] => f[1] !== undefined);
    if (facts.length > 0) finding.output = facts.map(([k, v]) => `${k}: ${v}`).join('\n');
    yield finding;
  }
}
