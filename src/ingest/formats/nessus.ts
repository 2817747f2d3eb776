/**
 * Tenable Nessus v2 (`.nessus`) reports: `NessusClientData_v2/Report/ReportHost` with a
 * `HostProperties` list of `<tag name=…>` and one `ReportItem` per plugin result.
 */
import { isIP } from 'node:net';
import type { AssetRecord, CvssScore, EvidenceRecord, FindingRecord, Severity } from '../evidence.js';
import type { EvidenceFormat } from '../evidence-format.js';
import type { SourceLocation } from '../../core/errors.js';
import { readXml } from '../xml/safe-xml-reader.js';
import type { XmlAttributes, XmlCursor, XmlHandler } from '../xml/safe-xml-reader.js';
import { detachString } from '../text/detach-string.js';
import { xmlRootElement } from '../xml/xml-root.js';
import { softwareFromPlugin, softwarePlugins } from './nessus-software.js';
import { assetKindFrom, operatingSystem } from './os-guess.js';
import { cleanText, cvssScore, isoDate, isoFromCtime, isoFromEpoch, parsePort, parseScore } from './scan-values.js';

const ROOT = 'NessusClientData_v2';

/** ReportItem children worth keeping; the rest (description, see_also, …) is never assembled. */
const itemFields = new Set([
  'cve',
  'cvss_vector',
  'cvss_base_score',
  'cvss3_vector',
  'cvss3_base_score',
  'cvss4_vector',
  'cvss4_base_vector',
  'cvss4_base_score',
  'patch_publication_date',
  'vuln_publication_date',
  'solution',
  'plugin_output',
  'plugin_name',
  'risk_factor',
]);

const severities: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

const riskFactors: Record<string, Severity> = {
  none: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

type Host = {
  ref: string;
  name: string;
  location: SourceLocation;
  tags: Map<string, string>;
  assetEmitted: boolean;
  services: Set<string>;
};

type Item = {
  depth: number;
  attributes: XmlAttributes;
  fields: Map<string, string>;
  cves: string[];
  location: SourceLocation;
};

export const nessusFormat: EvidenceFormat = {
  id: 'nessus',
  label: 'Tenable Nessus (.nessus v2 XML)',
  version: 1,
  extensions: ['.nessus', '.xml'],
  detect: (sample) => xmlRootElement(sample.head) === ROOT,
  parse: (input, context) => readXml(input, { fileName: context.fileName, signal: context.signal }, nessusHandler()),
};

function nessusHandler(): XmlHandler<EvidenceRecord> {
  let host: Host | undefined;
  let item: Item | undefined;
  let tagName: string | undefined;
  const refsSeen = new Map<string, number>();

  return {
    open(name, attributes, cursor) {
      const depth = cursor.depth;
      if (depth === 1) {
        if (name !== ROOT) cursor.fail(`not a Nessus v2 report: the root element is <${name}>, expected <${ROOT}>`);
        return false;
      }
      if (item !== undefined) {
        if (depth !== item.depth + 1 || !itemFields.has(name)) return false;
        // Fallbacks for the attributes are only assembled when the attribute is missing.
        if (name === 'plugin_name') return item.attributes.pluginName === undefined;
        if (name === 'risk_factor') return item.attributes.severity === undefined;
        return true;
      }
      if (host === undefined) {
        if (name === 'ReportHost' && depth === 3) host = openHost(attributes, cursor, refsSeen);
        return false;
      }
      if (name === 'ReportItem') {
        if (!host.assetEmitted) emitAsset(host, cursor);
        item = { depth, attributes, fields: new Map(), cves: [], location: cursor.location() };
        return false;
      }
      if (name === 'tag') {
        tagName = attributes.name;
        return true;
      }
      return false;
    },

    close(name, text, cursor) {
      if (item !== undefined) {
        if (name === 'ReportItem' && cursor.depth === item.depth) {
          if (host) emitItem(host, item, cursor);
          item = undefined;
        } else if (text !== undefined) {
          if (name === 'cve') addCve(item.cves, text);
          else item.fields.set(name, text);
        }
        return;
      }
      if (host === undefined) return;
      if (name === 'tag') {
        if (tagName !== undefined && text !== undefined) host.tags.set(tagName, text.trim());
        tagName = undefined;
      } else if (name === 'HostProperties') {
        if (!host.assetEmitted) emitAsset(host, cursor);
      } else if (name === 'ReportHost') {
        if (!host.assetEmitted) emitAsset(host, cursor);
        host = undefined;
      }
    },
  };
}

function openHost(attributes: XmlAttributes, cursor: XmlCursor<EvidenceRecord>, refsSeen: Map<string, number>): Host {
  const location = cursor.location();
  const name = attributes.name?.trim() || `host-${location.path ?? ''}`;
  // The same host can appear twice (two Report sections); refs must stay unique per import.
  const seen = (refsSeen.get(name) ?? 0) + 1;
  refsSeen.set(detachString(name), seen);
  return {
    ref: seen === 1 ? name : `${name}#${seen}`,
    name,
    location,
    tags: new Map(),
    assetEmitted: false,
    services: new Set(),
  };
}

function emitAsset(host: Host, cursor: XmlCursor<EvidenceRecord>): void {
  host.assetEmitted = true;
  const tags = host.tags;
  const os = operatingSystem(tags.get('operating-system')?.split('\n')[0], osCpe(tags));
  const ip = cleanText(tags.get('host-ip')) ?? (isIP(host.name) ? host.name : undefined);
  const fqdn = cleanText(tags.get('host-fqdn')) ?? (isIP(host.name) ? undefined : host.name);
  const asset: AssetRecord = {
    kind: 'asset',
    assetRef: host.ref,
    assetKind: assetKindFrom(os, tags.get('system-type')),
    ipAddresses: ip ? [ip] : [],
    macAddresses: splitMacs(tags.get('mac-address')),
    location: host.location,
  };
  if (fqdn) {
    asset.hostname = fqdn.split('.')[0] ?? fqdn;
    if (fqdn.includes('.')) asset.fqdn = fqdn;
  }
  const netbios = cleanText(tags.get('netbios-name'));
  if (netbios) asset.netbiosName = netbios;
  if (os) asset.os = os;
  const credentialed = tags.get('Credentialed_Scan');
  if (credentialed === 'true' || credentialed === 'false') asset.credentialed = credentialed === 'true';
  const started = isoFromEpoch(tags.get('HOST_START_TIMESTAMP')) ?? isoFromCtime(tags.get('HOST_START'));
  const ended = isoFromEpoch(tags.get('HOST_END_TIMESTAMP')) ?? isoFromCtime(tags.get('HOST_END'));
  if (started) asset.scanStartedAt = started;
  if (ended) asset.scanEndedAt = ended;
  const lastSeen = ended ?? started;
  if (lastSeen) asset.lastSeenAt = lastSeen;
  cursor.emit(asset);
}

/** The OS CPE from the host tags ("cpe-0" = "cpe:/o:linux:linux_kernel -> Linux Kernel"). */
function osCpe(tags: Map<string, string>): string | undefined {
  for (const [name, value] of tags) {
    if ((name === 'cpe' || name.startsWith('cpe-')) && value.startsWith('cpe:/o:')) return value.split(/\s/)[0];
  }
  return undefined;
}

function splitMacs(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set(text.split(/\s+/).filter((mac) => /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i.test(mac)).map((mac) => mac.toLowerCase().replaceAll('-', ':')))];
}

function emitItem(host: Host, item: Item, cursor: XmlCursor<EvidenceRecord>): void {
  const { attributes, fields } = item;
  const pluginId = attributes.pluginID?.trim();
  if (!pluginId) {
    cursor.emit({ kind: 'warning', message: 'ReportItem without a pluginID skipped', location: item.location });
    return;
  }
  const port = parsePort(attributes.port) ?? 0;
  const protocol = attributes.protocol?.trim().toLowerCase();
  const service = serviceName(attributes.svc_name);
  if (port > 0 && (protocol === 'tcp' || protocol === 'udp' || protocol === 'sctp')) {
    const key = `${protocol}/${port}`;
    if (!host.services.has(key)) {
      host.services.add(key);
      cursor.emit({ kind: 'service', assetRef: host.ref, port, protocol, state: 'open', ...(service ? { service } : {}), cpes: [], location: item.location });
    }
  }

  const severity = itemSeverity(attributes.severity, fields.get('risk_factor'));
  const finding: FindingRecord = {
    kind: 'finding',
    assetRef: host.ref,
    tool: 'nessus',
    checkId: pluginId,
    title: attributes.pluginName?.trim() || cleanText(fields.get('plugin_name')) || `Nessus plugin ${pluginId}`,
    severity: severity ?? 'info',
    cves: item.cves,
    cvss: itemCvss(fields),
    location: item.location,
  };
  if (port > 0) finding.port = port;
  if (protocol) finding.protocol = protocol;
  if (service) finding.service = service;
  const solution = cleanText(fields.get('solution'));
  if (solution) finding.solution = solution;
  const fixPublishedAt = isoDate(fields.get('patch_publication_date'));
  if (fixPublishedAt) finding.fixPublishedAt = fixPublishedAt;
  const vulnPublishedAt = isoDate(fields.get('vuln_publication_date'));
  if (vulnPublishedAt) finding.vulnPublishedAt = vulnPublishedAt;
  const output = fields.get('plugin_output')?.trim();
  if (output) finding.output = output;
  if (severity === undefined) {
    cursor.emit({ kind: 'warning', message: `plugin ${pluginId}: no usable severity, recorded as info`, location: item.location });
  }
  cursor.emit(finding);

  if (output && softwarePlugins.has(pluginId)) {
    for (const software of softwareFromPlugin(pluginId, output)) {
      cursor.emit({ kind: 'software', assetRef: host.ref, ...software, source: `nessus:${pluginId}`, location: item.location });
    }
  }
}

function addCve(cves: string[], text: string): void {
  const cve = text.trim().toUpperCase();
  if (/^CVE-\d{4}-\d+$/.test(cve) && !cves.includes(cve)) cves.push(cve);
}

/** Nessus marks guessed service names with a trailing "?" and uses "general" for none. */
function serviceName(svcName: string | undefined): string | undefined {
  const name = svcName?.trim().replace(/\?+$/, '');
  return name && name !== 'general' ? name : undefined;
}

function itemSeverity(attribute: string | undefined, riskFactor: string | undefined): Severity | undefined {
  const level = attribute === undefined ? undefined : severities[Number(attribute.trim())];
  return level ?? riskFactors[riskFactor?.trim().toLowerCase() ?? ''];
}

function itemCvss(fields: Map<string, string>): CvssScore[] {
  const scores = [
    cvssScore(fields.get('cvss_vector'), parseScore(fields.get('cvss_base_score')), '2.0'),
    cvssScore(fields.get('cvss3_vector'), parseScore(fields.get('cvss3_base_score')), '3.0'),
    cvssScore(fields.get('cvss4_vector') ?? fields.get('cvss4_base_vector'), parseScore(fields.get('cvss4_base_score')), '4.0'),
  ];
  return scores.filter((score): score is CvssScore => score !== undefined);
}
