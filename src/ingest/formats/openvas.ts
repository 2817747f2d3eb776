/**
 * OpenVAS / Greenbone (GVM) XML reports, as exported (`<report>` wrapping an inner `<report>`) or
 * as the GMP answer (`<get_reports_response>`). Findings come from `results/result`; the per-host
 * details (`report/host`: hostname, best OS, scan times) come after the results in the file, so
 * assets are emitted at the end, one per distinct host.
 */
import type { AssetRecord, CvssScore, EvidenceRecord, FindingRecord, Severity } from '../evidence.js';
import type { EvidenceFormat } from '../evidence-format.js';
import type { SourceLocation } from '../../core/errors.js';
import { readXml } from '../xml/safe-xml-reader.js';
import type { XmlCursor, XmlHandler } from '../xml/safe-xml-reader.js';
import { xmlRootElement } from '../xml/xml-root.js';
import { assetKindFrom, operatingSystem } from './os-guess.js';
import { addCves, cleanText, cvssScore, parsePort, parseScore, severityFromScore } from './scan-values.js';

const roots = new Set(['report', 'get_reports_response']);

/** Result children whose own text is kept, by name. */
const resultFields = new Set(['name', 'host', 'hostname', 'port', 'threat', 'severity', 'description', 'value']);
/** NVT children whose own text is kept. */
const nvtFields = new Set(['name', 'cvss_base', 'tags', 'solution', 'cve', 'score']);

type Result = {
  location: SourceLocation;
  fields: Map<string, string>;
  oid?: string;
  cves: string[];
  cvss: CvssScore[];
  severityScore?: number;
  severityType?: string;
};

type HostInfo = { ip: string; hostname?: string; os?: string; osCpe?: string; start?: string; end?: string; location?: SourceLocation };

export const openvasFormat: EvidenceFormat = {
  id: 'openvas',
  label: 'OpenVAS / Greenbone XML report',
  version: 1,
  extensions: ['.xml'],
  detect: (sample) => {
    const root = xmlRootElement(sample.head);
    if (root === 'get_reports_response') return true;
    // Greenbone's XML report format has this fixed id; other tools also use <report>.
    return root === 'report' && /format_id="a994b278-1f62-11e1-96ac-406186ea4fc5"|<gvm>|<omp>|<results /.test(sample.head);
  },
  parse: (input, context) => readXml(input, { fileName: context.fileName, signal: context.signal }, openvasHandler()),
};

function openvasHandler(): XmlHandler<EvidenceRecord> {
  const hosts = new Map<string, HostInfo>();
  let result: Result | undefined;
  let resultDepth = 0;
  let inNvt = false;
  let inSeverities = false;
  let inQod = false;
  let hostDetail: HostInfo | undefined;
  let hostDetailDepth = 0;
  let detailName: string | undefined;
  let detailValue: string | undefined;

  const hostInfo = (ip: string): HostInfo => {
    let info = hosts.get(ip);
    if (info === undefined) {
      info = { ip };
      hosts.set(ip, info);
    }
    return info;
  };

  return {
    open(name, attributes, cursor) {
      const depth = cursor.depth;
      if (depth === 1) {
        if (!roots.has(name)) cursor.fail(`not an OpenVAS/Greenbone report: the root element is <${name}>, expected <report>`);
        return false;
      }
      if (result !== undefined) {
        if (name === 'nvt') {
          inNvt = true;
          if (attributes.oid) result.oid = attributes.oid;
          return false;
        }
        if (name === 'severities') inSeverities = true;
        if (name === 'severity' && inSeverities) result.severityType = attributes.type ?? '';
        if (name === 'qod') inQod = true;
        if (name === 'ref' && attributes.type?.toLowerCase() === 'cve') addCves(result.cves, attributes.id);
        if (inNvt) return nvtFields.has(name) || (inSeverities && name === 'value');
        if (name === 'value') return inQod;
        return depth === resultDepth + 1 ? resultFields.has(name) : name === 'hostname';
      }
      if (name === 'result' && cursor.location().path?.includes('/results[')) {
        result = { location: cursor.location(), fields: new Map(), cves: [], cvss: [] };
        resultDepth = depth;
        return false;
      }
      if (name === 'host' && hostDetail === undefined) {
        hostDetail = { ip: '', location: cursor.location() };
        hostDetailDepth = depth;
        return false;
      }
      if (hostDetail !== undefined) return name === 'ip' || name === 'start' || name === 'end' || name === 'name' || name === 'value';
      return false;
    },

    close(name, text, cursor) {
      if (result !== undefined) {
        if (name === 'result' && cursor.depth === resultDepth) {
          emitResult(result, cursor, hostInfo);
          result = undefined;
          return;
        }
        if (name === 'nvt') inNvt = false;
        else if (name === 'qod') inQod = false;
        else if (name === 'severities') inSeverities = false;
        if (text === undefined) return;
        closeResultField(result, name, text, inNvt, inSeverities, inQod);
        return;
      }
      if (hostDetail === undefined) return;
      if (name === 'host' && cursor.depth === hostDetailDepth) {
        if (hostDetail.ip) mergeHost(hostInfo(hostDetail.ip), hostDetail);
        hostDetail = undefined;
      } else if (text !== undefined) {
        if (name === 'ip') hostDetail.ip = text.trim();
        else if (name === 'start') hostDetail.start = cleanText(text);
        else if (name === 'end') hostDetail.end = cleanText(text);
        else if (name === 'name') detailName = text.trim();
        else if (name === 'value') detailValue = text.trim();
      } else if (name === 'detail') {
        applyDetail(hostDetail, detailName, detailValue);
        detailName = undefined;
        detailValue = undefined;
      }
    },

    end(cursor) {
      for (const host of hosts.values()) emitAsset(host, cursor);
    },
  };
}

function closeResultField(result: Result, name: string, text: string, inNvt: boolean, inSeverities: boolean, inQod: boolean): void {
  if (inSeverities && name === 'score') {
    result.severityScore = parseScore(text);
  } else if (inSeverities && name === 'value') {
    const type = result.severityType ?? '';
    const version = type.includes('v4') ? '4.0' : type.includes('v3') ? '3.1' : '2.0';
    const score = cvssScore(text, result.severityScore, version);
    if (score) result.cvss.push(score);
  } else if (inNvt && name === 'cve') {
    addCves(result.cves, text); // OpenVAS 8/9: "CVE-…, CVE-…" or "NOCVE"
  } else if (inNvt) {
    result.fields.set(`nvt.${name}`, text);
  } else if (inQod && name === 'value') {
    result.fields.set('qod', text);
  } else {
    result.fields.set(name, text);
  }
}

function emitResult(result: Result, cursor: XmlCursor<EvidenceRecord>, hostInfo: (ip: string) => HostInfo): void {
  const { fields } = result;
  const ip = fields.get('host')?.trim();
  if (!ip) {
    cursor.emit({ kind: 'warning', message: 'result without a host skipped', location: result.location });
    return;
  }
  const score = parseScore(fields.get('severity')) ?? Number.parseFloat(fields.get('severity') ?? '');
  if (Number.isFinite(score) && score < 0) {
    // Greenbone marks false positives (-1), errors (-2) and debug lines (-3) with negative scores.
    cursor.emit({ kind: 'warning', message: `result "${fields.get('name') ?? ''}" with severity ${score} (false positive or error) skipped`, location: result.location });
    return;
  }
  const host = hostInfo(ip);
  const hostname = cleanText(fields.get('hostname'));
  if (hostname && host.hostname === undefined) host.hostname = hostname;
  host.location ??= result.location;

  const tags = parseTags(fields.get('nvt.tags'));
  const cvss = result.cvss.length > 0 ? result.cvss : tagCvss(tags, parseScore(fields.get('nvt.cvss_base')));
  const oid = result.oid ?? '';
  const finding: FindingRecord = {
    kind: 'finding',
    assetRef: ip,
    tool: 'openvas',
    checkId: oid,
    title: cleanText(fields.get('name')) ?? cleanText(fields.get('nvt.name')) ?? `NVT ${oid}`,
    severity: resultSeverity(score, fields.get('threat')),
    cves: result.cves,
    cvss,
    location: result.location,
  };
  const [portText, protocolText] = (fields.get('port') ?? '').trim().split('/');
  const port = parsePort(portText);
  if (port !== undefined && port > 0) finding.port = port;
  if (protocolText) finding.protocol = protocolText.toLowerCase();
  const solution = cleanText(fields.get('nvt.solution')) ?? cleanText(tags.get('solution'));
  if (solution) finding.solution = solution;
  const qod = Number.parseInt(fields.get('qod') ?? '', 10);
  if (Number.isInteger(qod) && qod >= 0 && qod <= 100) finding.confidence = qod;
  const output = fields.get('description')?.trim();
  if (output) finding.output = output;
  cursor.emit(finding);
}

/** Greenbone's bands: 0 log, 0.1–3.9 low, 4–6.9 medium, 7–8.9 high, 9–10 critical. */
function resultSeverity(score: number, threat: string | undefined): Severity {
  if (Number.isFinite(score)) return severityFromScore(score);
  switch (threat?.trim().toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'high':
      return 'high';
    case 'medium':
      return 'medium';
    case 'low':
      return 'low';
    default:
      return 'info';
  }
}

/** NVT tags are "key=value|key=value"; values may span lines but never contain "|". */
function parseTags(text: string | undefined): Map<string, string> {
  const tags = new Map<string, string>();
  if (!text) return tags;
  for (const part of text.split('|')) {
    const equals = part.indexOf('=');
    if (equals > 0) tags.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  return tags;
}

function tagCvss(tags: Map<string, string>, baseScore: number | undefined): CvssScore[] {
  const score = cvssScore(tags.get('cvss_base_vector'), baseScore);
  return score ? [score] : [];
}

function applyDetail(host: HostInfo, name: string | undefined, value: string | undefined): void {
  if (!name || !value) return;
  if (name === 'hostname' && host.hostname === undefined) host.hostname = value;
  else if (name === 'best_os_txt') host.os = value;
  else if (name === 'best_os_cpe') host.osCpe = value;
}

function mergeHost(target: HostInfo, detail: HostInfo): void {
  target.hostname ??= detail.hostname;
  target.os ??= detail.os;
  target.osCpe ??= detail.osCpe;
  target.start ??= detail.start;
  target.end ??= detail.end;
  target.location ??= detail.location;
}

function emitAsset(host: HostInfo, cursor: XmlCursor<EvidenceRecord>): void {
  const os = operatingSystem(host.os, host.osCpe);
  const asset: AssetRecord = {
    kind: 'asset',
    assetRef: host.ip,
    assetKind: assetKindFrom(os),
    ipAddresses: [host.ip],
    macAddresses: [],
  };
  if (host.hostname) {
    asset.hostname = host.hostname.split('.')[0] ?? host.hostname;
    if (host.hostname.includes('.')) asset.fqdn = host.hostname;
  }
  if (os) asset.os = os;
  if (host.start) asset.scanStartedAt = host.start;
  if (host.end) asset.scanEndedAt = host.end;
  const lastSeen = host.end ?? host.start;
  if (lastSeen) asset.lastSeenAt = lastSeen;
  if (host.location) asset.location = host.location;
  cursor.emit(asset);
}
