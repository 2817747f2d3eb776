/**
 * Qualys VM scan results as exported from the web UI (`<SCAN>`, scan-1.dtd): one `<IP>` per host
 * with `OS`, then VULNS / PRACTICES (confirmed and potential vulnerabilities) and INFOS /
 * SERVICES (information gathered), grouped in `<CAT>` elements that may carry port and protocol.
 */
import type { AssetRecord, CvssScore, EvidenceRecord, FindingRecord } from '../evidence.js';
import type { EvidenceFormat } from '../evidence-format.js';
import type { SourceLocation } from '../../core/errors.js';
import { readXml } from '../xml/safe-xml-reader.js';
import type { XmlAttributes, XmlCursor, XmlHandler } from '../xml/safe-xml-reader.js';
import { xmlRootElement } from '../xml/xml-root.js';
import { assetKindFrom, operatingSystem } from './os-guess.js';
import { qualysCvss, qualysSeverity } from './qualys-values.js';
import { addCves, cleanText, parsePort } from './scan-values.js';

const ROOT = 'SCAN';
const findingElements = new Set(['VULN', 'PRACTICE', 'INFO', 'SERVICE']);
const hostFields = new Set(['OS', 'OS_CPE', 'NETBIOS_HOSTNAME', 'DNS']);
const findingFields = new Set(['TITLE', 'CVSS_BASE', 'CVSS3_BASE', 'SOLUTION', 'RESULT', 'ID']);

type Host = { ref: string; ip: string; name?: string; location: SourceLocation; fields: Map<string, string>; emitted: boolean; ports: Set<string> };
type Category = { port?: number; protocol?: string };
type Item = { element: string; attributes: XmlAttributes; location: SourceLocation; fields: Map<string, string>; cves: string[]; inCveList: boolean };

export const qualysScanReportFormat: EvidenceFormat = {
  id: 'qualys-scan',
  label: 'Qualys VM scan results (SCAN XML)',
  version: 1,
  extensions: ['.xml'],
  detect: (sample) => xmlRootElement(sample.head) === ROOT,
  parse: (input, context) => readXml(input, { fileName: context.fileName, signal: context.signal }, qualysScanHandler()),
};

function qualysScanHandler(): XmlHandler<EvidenceRecord> {
  let host: Host | undefined;
  let category: Category = {};
  let item: Item | undefined;
  const refsSeen = new Map<string, number>();

  return {
    open(name, attributes, cursor) {
      if (cursor.depth === 1) {
        if (name !== ROOT) cursor.fail(`not a Qualys scan report: the root element is <${name}>, expected <${ROOT}>`);
        return false;
      }
      if (item !== undefined) {
        if (name === 'CVE_ID_LIST') item.inCveList = true;
        return findingFields.has(name);
      }
      if (host === undefined) {
        if (name === 'IP' && cursor.depth === 2) host = openHost(attributes, cursor, refsSeen);
        return false;
      }
      if (name === 'CAT') {
        category = categoryOf(attributes);
        return false;
      }
      if (findingElements.has(name)) {
        if (!host.emitted) emitAsset(host, cursor);
        item = { element: name, attributes, location: cursor.location(), fields: new Map(), cves: [], inCveList: false };
        addCves(item.cves, attributes.cveid);
        return false;
      }
      return cursor.depth === 3 && hostFields.has(name);
    },

    close(name, text, cursor) {
      if (host === undefined) return;
      if (item !== undefined) {
        if (name === item.element && findingElements.has(name)) {
          emitItem(host, category, item, cursor);
          item = undefined;
        } else if (name === 'CVE_ID_LIST') {
          item.inCveList = false;
        } else if (text !== undefined) {
          if (name === 'ID') {
            if (item.inCveList) addCves(item.cves, text);
          } else {
            item.fields.set(name, text);
          }
        }
        return;
      }
      if (name === 'IP') {
        if (!host.emitted) emitAsset(host, cursor);
        host = undefined;
      } else if (name === 'CAT') {
        category = {};
      } else if (text !== undefined) {
        host.fields.set(name, text.trim());
      }
    },
  };
}

function openHost(attributes: XmlAttributes, cursor: XmlCursor<EvidenceRecord>, refsSeen: Map<string, number>): Host {
  const ip = attributes.value?.trim() ?? '';
  const location = cursor.location();
  const base = ip || `host-${location.line ?? 0}`;
  const seen = (refsSeen.get(base) ?? 0) + 1;
  refsSeen.set(base, seen);
  const host: Host = { ref: seen === 1 ? base : `${base}#${seen}`, ip, location, fields: new Map(), emitted: false, ports: new Set() };
  const name = cleanText(attributes.name);
  if (name && name !== 'No registered hostname') host.name = name;
  return host;
}

function categoryOf(attributes: XmlAttributes): Category {
  const category: Category = {};
  const port = parsePort(attributes.port);
  if (port !== undefined) category.port = port;
  const protocol = attributes.protocol?.trim().toLowerCase();
  if (protocol) category.protocol = protocol;
  return category;
}

function emitAsset(host: Host, cursor: XmlCursor<EvidenceRecord>): void {
  host.emitted = true;
  const os = operatingSystem(host.fields.get('OS'), cleanText(host.fields.get('OS_CPE')));
  const asset: AssetRecord = {
    kind: 'asset',
    assetRef: host.ref,
    assetKind: assetKindFrom(os),
    ipAddresses: host.ip ? [host.ip] : [],
    macAddresses: [],
    location: host.location,
  };
  const name = host.name ?? cleanText(host.fields.get('DNS'));
  if (name) {
    asset.hostname = name.split('.')[0] ?? name;
    if (name.includes('.')) asset.fqdn = name;
  }
  const netbios = cleanText(host.fields.get('NETBIOS_HOSTNAME'));
  if (netbios) asset.netbiosName = netbios;
  if (os) asset.os = os;
  cursor.emit(asset);
}

function emitItem(host: Host, category: Category, item: Item, cursor: XmlCursor<EvidenceRecord>): void {
  const qid = item.attributes.number?.trim();
  if (!qid) {
    cursor.emit({ kind: 'warning', message: `${item.element} without a QID number skipped`, location: item.location });
    return;
  }
  const informational = item.element === 'INFO' || item.element === 'SERVICE';
  const cvss = [qualysCvss(item.fields.get('CVSS_BASE'), '2.0'), qualysCvss(item.fields.get('CVSS3_BASE'), '3.1')].filter(
    (score): score is CvssScore => score !== undefined,
  );
  const finding: FindingRecord = {
    kind: 'finding',
    assetRef: host.ref,
    tool: 'qualys',
    checkId: qid,
    title: cleanText(item.fields.get('TITLE')) ?? `Qualys QID ${qid}`,
    severity: qualysSeverity(item.attributes.severity, informational),
    cves: item.cves,
    cvss,
    location: item.location,
  };
  if (category.port !== undefined && category.port > 0) finding.port = category.port;
  if (category.protocol) finding.protocol = category.protocol;
  const solution = cleanText(item.fields.get('SOLUTION'));
  if (solution) finding.solution = solution;
  const output = cleanText(item.fields.get('RESULT'));
  if (output) finding.output = output;
  const protocol = category.protocol;
  if (finding.port !== undefined && (protocol === 'tcp' || protocol === 'udp') && !host.ports.has(`${protocol}/${finding.port}`)) {
    host.ports.add(`${protocol}/${finding.port}`);
    cursor.emit({ kind: 'service', assetRef: host.ref, port: finding.port, protocol, state: 'open', cpes: [], location: item.location });
  }
  cursor.emit(finding);
}
