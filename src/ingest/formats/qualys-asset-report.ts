/**
 * Qualys VM scan report in the ASSET_DATA_REPORT layout: `HOST_LIST/HOST` with its detections
 * (`VULN_INFO`: QID, type, port, result, first/last found), and a `GLOSSARY` of QID details
 * (title, severity, CVEs, CVSS, solution) at the end of the file.
 *
 * Because the details come last, hosts and services are emitted as they stream, while the
 * detections wait, compactly, for the glossary; memory grows with the number of detections,
 * not with the size of their text beyond the result output itself.
 */
import type { AssetRecord, CvssScore, EvidenceRecord, FindingRecord, ServiceRecord } from '../evidence.js';
import type { EvidenceFormat } from '../evidence-format.js';
import type { SourceLocation } from '../../core/errors.js';
import { readXml } from '../xml/safe-xml-reader.js';
import type { XmlCursor, XmlHandler } from '../xml/safe-xml-reader.js';
import { xmlRootElement } from '../xml/xml-root.js';
import { assetKindFrom, operatingSystem } from './os-guess.js';
import { qualysCvss, qualysSeverity } from './qualys-values.js';
import { addCves, cleanText, parsePort } from './scan-values.js';

const ROOT = 'ASSET_DATA_REPORT';
const hostFields = new Set(['IP', 'DNS', 'NETBIOS', 'OPERATING_SYSTEM', 'OS_CPE']);
const detectionFields = new Set(['QID', 'TYPE', 'PORT', 'PROTOCOL', 'SERVICE', 'RESULT', 'FIRST_FOUND', 'LAST_FOUND', 'CVSS_FINAL', 'CVSS3_FINAL']);
const detailFields = new Set(['QID', 'TITLE', 'SEVERITY', 'SOLUTION', 'CVSS_BASE', 'CVSS3_BASE', 'ID']);

type Detection = { assetRef: string; fields: Map<string, string>; location: SourceLocation };
type Detail = { title?: string; severity?: string; solution?: string; cves: string[]; cvss: CvssScore[] };

export const qualysAssetReportFormat: EvidenceFormat = {
  id: 'qualys-asset-report',
  label: 'Qualys VM scan report (ASSET_DATA_REPORT XML)',
  version: 1,
  extensions: ['.xml'],
  detect: (sample) => xmlRootElement(sample.head) === ROOT,
  parse: (input, context) => readXml(input, { fileName: context.fileName, signal: context.signal }, qualysAssetHandler()),
};

function qualysAssetHandler(): XmlHandler<EvidenceRecord> {
  const detections: Detection[] = [];
  const details = new Map<string, Detail>();
  const refsSeen = new Map<string, number>();
  let host: { ref?: string; fields: Map<string, string>; location: SourceLocation; ports: Set<string> } | undefined;
  let detection: Detection | undefined;
  let detail: Detail | undefined;
  let detailId: string | undefined;
  let inCveList = false;

  const hostRef = (cursor: XmlCursor<EvidenceRecord>): string => {
    if (host === undefined) return '';
    host.ref ??= emitAsset(host.fields, host.location, cursor, refsSeen);
    return host.ref;
  };

  return {
    open(name, attributes, cursor) {
      if (cursor.depth === 1) {
        if (name !== ROOT) cursor.fail(`not a Qualys asset data report: the root element is <${name}>, expected <${ROOT}>`);
        return false;
      }
      if (detail !== undefined) {
        if (name === 'CVE_ID_LIST') inCveList = true;
        return detailFields.has(name);
      }
      if (detection !== undefined) return detectionFields.has(name);
      if (name === 'VULN_DETAILS') {
        detail = { cves: [], cvss: [] };
        detailId = attributes.id;
        return false;
      }
      if (host === undefined) {
        if (name === 'HOST' && cursor.location().path?.startsWith(`${ROOT}/HOST_LIST[`)) {
          host = { fields: new Map(), location: cursor.location(), ports: new Set() };
        }
        return false;
      }
      if (name === 'VULN_INFO') {
        detection = { assetRef: hostRef(cursor), fields: new Map(), location: cursor.location() };
        return false;
      }
      return hostFields.has(name);
    },

    close(name, text, cursor) {
      if (detail !== undefined) {
        if (name === 'VULN_DETAILS') {
          if (detailId) details.set(detailId, detail);
          detail = undefined;
        } else if (name === 'CVE_ID_LIST') {
          inCveList = false;
        } else if (text !== undefined) {
          closeDetailField(detail, name, text, inCveList);
        }
        return;
      }
      if (detection !== undefined) {
        if (name === 'VULN_INFO') {
          if (host) emitService(detection, host.ports, cursor);
          detections.push(detection);
          detection = undefined;
        } else if (text !== undefined) {
          detection.fields.set(name, text);
        }
        return;
      }
      if (host === undefined) return;
      if (name === 'HOST') {
        hostRef(cursor);
        host = undefined;
      } else if (text !== undefined) {
        host.fields.set(name, text.trim());
      }
    },

    end(cursor) {
      for (const found of detections) emitFinding(found, details, cursor);
    },
  };
}

function closeDetailField(detail: Detail, name: string, text: string, inCveList: boolean): void {
  switch (name) {
    case 'TITLE':
      detail.title = text.trim();
      break;
    case 'SEVERITY':
      detail.severity = text.trim();
      break;
    case 'SOLUTION':
      detail.solution = text;
      break;
    case 'ID':
      if (inCveList) addCves(detail.cves, text);
      break;
    case 'CVSS_BASE':
    case 'CVSS3_BASE': {
      const score = qualysCvss(text, name === 'CVSS_BASE' ? '2.0' : '3.1');
      if (score) detail.cvss.push(score);
      break;
    }
  }
}

function emitAsset(fields: Map<string, string>, location: SourceLocation, cursor: XmlCursor<EvidenceRecord>, refsSeen: Map<string, number>): string {
  const ip = cleanText(fields.get('IP'));
  const dns = cleanText(fields.get('DNS'));
  const base = ip ?? dns ?? `host-${location.line ?? 0}`;
  const seen = (refsSeen.get(base) ?? 0) + 1;
  refsSeen.set(base, seen);
  const ref = seen === 1 ? base : `${base}#${seen}`;
  const os = operatingSystem(fields.get('OPERATING_SYSTEM'), cleanText(fields.get('OS_CPE')));
  const asset: AssetRecord = { kind: 'asset', assetRef: ref, assetKind: assetKindFrom(os), ipAddresses: ip ? [ip] : [], macAddresses: [], location };
  if (dns) {
    asset.hostname = dns.split('.')[0] ?? dns;
    if (dns.includes('.')) asset.fqdn = dns;
  }
  const netbios = cleanText(fields.get('NETBIOS'));
  if (netbios) asset.netbiosName = netbios;
  if (os) asset.os = os;
  cursor.emit(asset);
  return ref;
}

function emitService(detection: Detection, ports: Set<string>, cursor: XmlCursor<EvidenceRecord>): void {
  const port = parsePort(detection.fields.get('PORT'));
  const protocol = detection.fields.get('PROTOCOL')?.trim().toLowerCase();
  if (port === undefined || port === 0 || (protocol !== 'tcp' && protocol !== 'udp')) return;
  const key = `${protocol}/${port}`;
  if (ports.has(key)) return;
  ports.add(key);
  const service: ServiceRecord = { kind: 'service', assetRef: detection.assetRef, port, protocol, state: 'open', cpes: [], location: detection.location };
  const name = cleanText(detection.fields.get('SERVICE'));
  if (name) service.service = name;
  cursor.emit(service);
}

function emitFinding(detection: Detection, details: Map<string, Detail>, cursor: XmlCursor<EvidenceRecord>): void {
  const { fields } = detection;
  const qid = fields.get('QID')?.trim();
  if (!qid) {
    cursor.emit({ kind: 'warning', message: 'VULN_INFO without a QID skipped', location: detection.location });
    return;
  }
  const detail = details.get(`qid_${qid}`);
  if (detail === undefined) {
    cursor.emit({ kind: 'warning', message: `QID ${qid} has no entry in the glossary; title and severity unknown`, location: detection.location });
  }
  const informational = fields.get('TYPE')?.trim() === 'Ig';
  // Scores adjusted for this host (CVSS_FINAL) win over the QID's generic ones.
  const finalScores = [qualysCvss(fields.get('CVSS_FINAL'), '2.0'), qualysCvss(fields.get('CVSS3_FINAL'), '3.1')].filter(
    (score): score is CvssScore => score !== undefined,
  );
  const finding: FindingRecord = {
    kind: 'finding',
    assetRef: detection.assetRef,
    tool: 'qualys',
    checkId: qid,
    title: detail?.title ?? `Qualys QID ${qid}`,
    severity: qualysSeverity(detail?.severity, informational),
    cves: detail?.cves ?? [],
    cvss: finalScores.length > 0 ? finalScores : (detail?.cvss ?? []),
    location: detection.location,
  };
  const port = parsePort(fields.get('PORT'));
  if (port !== undefined && port > 0) finding.port = port;
  const protocol = cleanText(fields.get('PROTOCOL'))?.toLowerCase();
  if (protocol) finding.protocol = protocol;
  const service = cleanText(fields.get('SERVICE'));
  if (service) finding.service = service;
  const solution = cleanText(detail?.solution);
  if (solution) finding.solution = solution;
  const firstSeen = cleanText(fields.get('FIRST_FOUND'));
  if (firstSeen) finding.firstSeenAt = firstSeen;
  const lastSeen = cleanText(fields.get('LAST_FOUND'));
  if (lastSeen) finding.lastSeenAt = lastSeen;
  const output = cleanText(fields.get('RESULT'));
  if (output) finding.output = output;
  cursor.emit(finding);
}
