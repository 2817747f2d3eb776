/**
 * Nmap XML (`nmap -oX`): `nmaprun/host` with status, addresses, hostnames, ports (state, service,
 * cpe, scripts), OS matches and host scripts. Only hosts that are up become assets. Findings come
 * from scripts that name vulnerabilities: vulners (one finding per CVE, scored) and NSE "vulns"
 * scripts such as smb-vuln-ms17-010 (State: VULNERABLE, IDs: CVE:…).
 */
import type { AssetRecord, EvidenceRecord, FindingRecord, OperatingSystem, ServiceRecord } from '../evidence.js';
import type { EvidenceFormat } from '../evidence-format.js';
import type { SourceLocation } from '../../core/errors.js';
import { readXml } from '../xml/safe-xml-reader.js';
import type { XmlAttributes, XmlCursor, XmlHandler } from '../xml/safe-xml-reader.js';
import { xmlRootElement } from '../xml/xml-root.js';
import { assetKindFrom, operatingSystem } from './os-guess.js';
import { cveIds, isoFromEpoch, parsePort, parseScore, severityFromScore } from './scan-values.js';

const ROOT = 'nmaprun';

type Port = { service: ServiceRecord; deviceType?: string };

type Script = {
  id: string;
  output: string;
  port?: Port;
  location: SourceLocation;
  /** vulners entries: one per innermost <table>. */
  entries: Map<string, string>[];
  entry?: Map<string, string>;
  cpe?: string;
  elemKey?: string;
};

type Host = {
  location: SourceLocation;
  up: boolean;
  ipAddresses: string[];
  macAddresses: string[];
  hostnames: { name: string; type: string }[];
  ports: Port[];
  scripts: Script[];
  startedAt?: string;
  endedAt?: string;
  os?: { name: string; accuracy: number; type?: string; cpe?: string };
};

export const nmapFormat: EvidenceFormat = {
  id: 'nmap',
  label: 'Nmap XML (-oX)',
  version: 1,
  extensions: ['.xml'],
  detect: (sample) => xmlRootElement(sample.head) === ROOT,
  parse: (input, context) => readXml(input, { fileName: context.fileName, signal: context.signal }, nmapHandler()),
};

function nmapHandler(): XmlHandler<EvidenceRecord> {
  let host: Host | undefined;
  let port: Port | undefined;
  let script: Script | undefined;
  let osMatch: { name: string; accuracy: number; type?: string; cpe?: string } | undefined;
  let inOsClass = false;
  let inService = false;
  const refsSeen = new Map<string, number>();

  return {
    open(name, attributes, cursor) {
      if (cursor.depth === 1) {
        if (name !== ROOT) cursor.fail(`not an Nmap XML report: the root element is <${name}>, expected <${ROOT}>`);
        return false;
      }
      if (host === undefined) {
        if (name === 'host') host = newHost(attributes, cursor);
        return false;
      }
      if (script !== undefined) return openInScript(script, name, attributes);
      switch (name) {
        case 'status':
          host.up = attributes.state === 'up';
          return false;
        case 'address':
          addAddress(host, attributes);
          return false;
        case 'hostname':
          if (attributes.name) host.hostnames.push({ name: attributes.name, type: attributes.type ?? '' });
          return false;
        case 'port':
          port = newPort(attributes, cursor);
          if (port) host.ports.push(port);
          return false;
        case 'state':
          if (port) port.service.state = portState(attributes.state);
          return false;
        case 'service':
          if (port) applyService(port, attributes);
          inService = port !== undefined;
          return false;
        case 'osmatch':
          osMatch = { name: attributes.name ?? '', accuracy: Number(attributes.accuracy ?? 0) };
          return false;
        case 'osclass':
          inOsClass = true;
          if (osMatch && osMatch.type === undefined && attributes.type) osMatch.type = attributes.type;
          return false;
        case 'cpe':
          return inService || inOsClass;
        case 'script':
          script = { id: attributes.id ?? '', output: attributes.output ?? '', location: cursor.location(), entries: [] };
          if (port) script.port = port;
          return false;
        default:
          return false;
      }
    },

    close(name, text, cursor) {
      if (host === undefined) return;
      if (script !== undefined) {
        if (name === 'script') {
          host.scripts.push(script);
          script = undefined;
        } else {
          closeInScript(script, name, text);
        }
        return;
      }
      switch (name) {
        case 'cpe':
          if (text === undefined) break;
          if (inService && port) port.service.cpes.push(text.trim());
          else if (inOsClass && osMatch && osMatch.cpe === undefined) osMatch.cpe = text.trim();
          break;
        case 'service':
          inService = false;
          break;
        case 'osclass':
          inOsClass = false;
          break;
        case 'osmatch':
          // Nmap lists matches best first; keep the first of the highest accuracy.
          if (osMatch && osMatch.name && (host.os === undefined || osMatch.accuracy > host.os.accuracy)) host.os = osMatch;
          osMatch = undefined;
          break;
        case 'port':
          port = undefined;
          break;
        case 'host':
          if (host.up) emitHost(host, cursor, refsSeen);
          host = undefined;
          break;
      }
    },
  };
}

function newHost(attributes: XmlAttributes, cursor: XmlCursor<EvidenceRecord>): Host {
  const host: Host = { location: cursor.location(), up: false, ipAddresses: [], macAddresses: [], hostnames: [], ports: [], scripts: [] };
  const started = isoFromEpoch(attributes.starttime);
  const ended = isoFromEpoch(attributes.endtime);
  if (started) host.startedAt = started;
  if (ended) host.endedAt = ended;
  return host;
}

function addAddress(host: Host, attributes: XmlAttributes): void {
  const address = attributes.addr?.trim();
  if (!address) return;
  if (attributes.addrtype === 'mac') host.macAddresses.push(address.toLowerCase());
  else host.ipAddresses.push(address);
}

function newPort(attributes: XmlAttributes, cursor: XmlCursor<EvidenceRecord>): Port | undefined {
  const number = parsePort(attributes.portid);
  const protocol = attributes.protocol;
  if (number === undefined || (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp')) {
    cursor.emit({ kind: 'warning', message: `port "${attributes.portid ?? ''}/${attributes.protocol ?? ''}" skipped`, location: cursor.location() });
    return undefined;
  }
  return { service: { kind: 'service', assetRef: '', port: number, protocol, state: 'unknown', cpes: [], location: cursor.location() } };
}

function portState(state: string | undefined): ServiceRecord['state'] {
  switch (state) {
    case 'open':
    case 'closed':
    case 'filtered':
    case 'open|filtered':
      return state;
    default:
      return 'unknown';
  }
}

function applyService(port: Port, attributes: XmlAttributes): void {
  const service = port.service;
  if (attributes.name) service.service = attributes.name;
  if (attributes.product) service.product = attributes.product;
  if (attributes.version) service.version = attributes.version;
  if (attributes.devicetype) port.deviceType = attributes.devicetype;
}

function openInScript(script: Script, name: string, attributes: XmlAttributes): boolean {
  if (script.id !== 'vulners') return false;
  if (name === 'table') {
    if (attributes.key?.startsWith('cpe:')) script.cpe = attributes.key;
    else if (attributes.key === undefined) {
      script.entry = new Map();
      if (script.cpe) script.entry.set('cpe', script.cpe);
    }
    return false;
  }
  if (name === 'elem' && script.entry && attributes.key) {
    script.elemKey = attributes.key;
    return true;
  }
  return false;
}

function closeInScript(script: Script, name: string, text: string | undefined): void {
  if (name === 'elem' && script.entry && script.elemKey && text !== undefined) {
    script.entry.set(script.elemKey, text.trim());
    script.elemKey = undefined;
  } else if (name === 'table' && script.entry) {
    script.entries.push(script.entry);
    script.entry = undefined;
  }
}

function emitHost(host: Host, cursor: XmlCursor<EvidenceRecord>, refsSeen: Map<string, number>): void {
  const hostname = host.hostnames.find((entry) => entry.type === 'user')?.name ?? host.hostnames[0]?.name;
  const base = host.ipAddresses[0] ?? host.macAddresses[0] ?? hostname ?? `host-${host.location.line ?? 0}`;
  const seen = (refsSeen.get(base) ?? 0) + 1;
  refsSeen.set(base, seen);
  const ref = seen === 1 ? base : `${base}#${seen}`;

  const os: OperatingSystem | undefined = operatingSystem(host.os?.name, host.os?.cpe);
  const deviceType = host.os?.type ?? host.ports.find((port) => port.deviceType)?.deviceType;
  const asset: AssetRecord = {
    kind: 'asset',
    assetRef: ref,
    assetKind: assetKindFrom(os, deviceType),
    ipAddresses: host.ipAddresses,
    macAddresses: host.macAddresses,
    location: host.location,
  };
  if (hostname) {
    asset.hostname = hostname.split('.')[0] ?? hostname;
    if (hostname.includes('.')) asset.fqdn = hostname;
  }
  if (os) asset.os = os;
  if (host.startedAt) asset.scanStartedAt = host.startedAt;
  if (host.endedAt) asset.scanEndedAt = host.endedAt;
  const lastSeen = host.endedAt ?? host.startedAt;
  if (lastSeen) asset.lastSeenAt = lastSeen;
  cursor.emit(asset);

  for (const port of host.ports) {
    port.service.assetRef = ref;
    cursor.emit(port.service);
  }
  for (const script of host.scripts) {
    for (const finding of scriptFindings(script, ref)) cursor.emit(finding);
  }
}

function scriptFindings(script: Script, assetRef: string): FindingRecord[] {
  const base = (): FindingRecord => {
    const finding: FindingRecord = { kind: 'finding', assetRef, tool: 'nmap', checkId: script.id, title: script.id, severity: 'info', cves: [], cvss: [], location: script.location };
    if (script.port) {
      finding.port = script.port.service.port;
      finding.protocol = script.port.service.protocol;
      if (script.port.service.service) finding.service = script.port.service.service;
    }
    return finding;
  };

  if (script.id === 'vulners') {
    const findings: FindingRecord[] = [];
    for (const entry of script.entries) {
      const id = entry.get('id');
      if (entry.get('type') !== 'cve' || !id) continue;
      const score = parseScore(entry.get('cvss'));
      const finding = base();
      finding.checkId = `vulners:${id}`;
      finding.title = `${id} in ${entry.get('cpe') ?? script.port?.service.product ?? 'a detected product'}`;
      finding.cves = cveIds(id);
      if (score !== undefined) finding.severity = severityFromScore(score);
      finding.output = [id, entry.get('cvss'), entry.get('cpe')].filter(Boolean).join(' ');
      findings.push(finding);
    }
    return findings;
  }

  // The NSE vulns library prints "State: VULNERABLE" (or "LIKELY VULNERABLE") for a positive check.
  const state = /State: (LIKELY VULNERABLE|VULNERABLE(?: \(Exploitable\))?)/.exec(script.output)?.[1];
  if (state === undefined) return [];
  const finding = base();
  finding.title = script.output.split('\n').map((line) => line.trim()).find((line) => line && !/^VULNERABLE:?$/.test(line)) ?? script.id;
  finding.severity = state.startsWith('LIKELY') ? 'medium' : 'high';
  finding.cves = cveIds(script.output);
  finding.output = script.output.trim();
  return [finding];
}
