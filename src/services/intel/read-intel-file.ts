import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WardError, isWardError } from '../../core/errors.js';
import { readEpssCsv, type EpssFile } from '../../intel/epss/index.js';
import { readKevCatalog, type KevCatalog } from '../../intel/kev/index.js';
import { readEndoflifeApi, readProductPage, type LifecycleRelease } from '../../intel/lifecycle/index.js';
import { isCve5Record, readCve5Json, type Cve5Record } from '../../intel/cve5/index.js';
import { readCvrfJson, readCvrfXml, type CvrfDocument } from '../../intel/msrc/index.js';
import { readNvdJson, type NvdCve } from '../../intel/nvd/index.js';
import { isOsvRecord, readOsvJson, type OsvRecord } from '../../intel/osv/index.js';
import { lineAndColumn } from '../../ingest/text/parse-json-document.js';
import { jsonErrorOffset } from '../../ingest/text/json-error-offset.js';
import { defaultZipLimits, isZip, readZipEntries, type ZipLimits } from './read-zip-entries.js';

export type IntelFeed =
  | { kind: 'nvd'; records: NvdCve[] }
  | { kind: 'kev'; catalog: KevCatalog }
  | { kind: 'epss'; scores: EpssFile }
  | { kind: 'endoflife'; product: string; releases: LifecycleRelease[] }
  | { kind: 'msrc'; document: CvrfDocument }
  | { kind: 'cve5'; records: Cve5Record[]; warnings: string[] }
  | { kind: 'osv'; records: OsvRecord[]; warnings: string[] };

export type IntelFeedKind = IntelFeed['kind'];

export type IntelReadLimits = {
  /** Largest unpacked size of a gzip file. The NVD yearly feeds are the largest input, about 300 MB unpacked. */
  maxUnpackedBytes: number;
  zip: ZipLimits;
};

export const defaultIntelReadLimits: IntelReadLimits = { maxUnpackedBytes: 1024 ** 3, zip: defaultZipLimits };

function unreadable(file: string, message: string, cause?: unknown): WardError {
  return new WardError('INGEST_UNREADABLE', `${file}: ${message}`, { location: { file } }, cause === undefined ? undefined : { cause });
}

function decode(file: string, bytes: Uint8Array, maxUnpackedBytes: number): string {
  let data = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      data = gunzipSync(bytes, { maxOutputLength: maxUnpackedBytes });
    } catch (error) {
      if (error instanceof RangeError && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE') {
        throw new WardError('PAYLOAD_TOO_LARGE', `${file}: unpacks to more than ${maxUnpackedBytes} bytes, the limit for a compressed feed`, { location: { file } }, { cause: error });
      }
      throw unreadable(file, `not a readable gzip file (${error instanceof Error ? error.message : String(error)})`, error);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch (error) {
    const bad = firstInvalidUtf8(data);
    const line = countLines(data, bad);
    throw new WardError('INGEST_UNREADABLE', `${file}: not UTF-8 text (line ${line}, byte ${bad + 1})`, { location: { file, line } }, { cause: error });
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (WHATWG rules). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  // Bisect on prefixes (streaming decodes accept a character cut at the end): a few dozen native decodes.
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      good = middle;
    } catch {
      bad = middle;
    }
  }
  return good;
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}

/** The pure readers say where in their text (`line 3:`, or saxes' `14:80:`): keep it structured too. */
function lineInMessage(message: string): { line?: number; column?: number } {
  const saxes = /: (\d+):(\d+): /.exec(message);
  if (saxes) return { line: Number(saxes[1]), column: Number(saxes[2]) };
  const line = /\bline (\d+)\b/.exec(message);
  return line ? { line: Number(line[1]) } : {};
}

/** `windows-server.md.gz` → `windows-server`: endoflife.date names its product files after the product. */
function productFromName(file: string): string {
  return basename(file).replace(/\.gz$/i, '').replace(/\.(md|json)$/i, '');
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readJsonFeed(file: string, text: string): IntelFeed {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const { line, column } = lineAndColumn(text, Math.max(0, jsonErrorOffset(text)));
    throw new WardError('INGEST_UNREADABLE', `${file}: not valid JSON at line ${line}, column ${column} (${error instanceof Error ? error.message.slice(0, 200) : 'parse error'})`, { location: { file, line, column } }, { cause: error });
  }
  if ((Array.isArray(document) && !isCve5Record(document[0]) && !isOsvRecord(document[0])) || (isObject(document) && isObject(document.result) && 'releases' in document.result)) {
    return { kind: 'endoflife', product: productFromName(file), releases: readEndoflifeApi(document, file) };
  }
  const first = Array.isArray(document) ? (document as unknown[])[0] : isObject(document) && Array.isArray(document.vulns) ? (document.vulns as unknown[])[0] : document;
  if (isCve5Record(first)) return { kind: 'cve5', ...readCve5Json(document, file) };
  if (isOsvRecord(first)) return { kind: 'osv', ...readOsvJson(document, file) };
  if (isObject(document)) {
    if ('catalogVersion' in document) return { kind: 'kev', catalog: readKevCatalog(document, file) };
    if ('vulnerabilities' in document || ('id' in document && 'descriptions' in document)) return { kind: 'nvd', records: readNvdJson(document, file) };
    if ('DocumentTracking' in document) return { kind: 'msrc', document: readCvrfJson(document, file) };
  }
  throw new WardError('INGEST_UNKNOWN_FORMAT', `${file}: JSON, but not an NVD, KEV, endoflife.date, MSRC CVRF, CVE JSON 5 or OSV document`, { location: { file } });
}

/**
 * Recognises a feed by its content, never by its name alone (downloads get renamed), and parses it
 * with the pure readers of src/intel. Any problem names the file; nothing is stored by this step.
 */
export function readIntelFile(file: string, bytes: Uint8Array, limits: IntelReadLimits = defaultIntelReadLimits): IntelFeed {
  if (isZip(bytes)) return readZipFeed(file, bytes, limits.zip);
  const text = decode(file, bytes, limits.maxUnpackedBytes);
  const start = text.trimStart();
  try {
    if (start.startsWith('{') || start.startsWith('[')) return readJsonFeed(file, text);
    if (start.startsWith('<')) {
      if (!/<(\w+:)?cvrfdoc\b/.test(start.slice(0, 4096))) throw new WardError('INGEST_UNKNOWN_FORMAT', `${file}: XML, but not an MSRC CVRF document`, { location: { file } });
      return { kind: 'msrc', document: readCvrfXml(text, file) };
    }
    if (start.startsWith('---')) return { kind: 'endoflife', product: productFromName(file), releases: readProductPage(text, file) };
    const firstLine = start.slice(0, 200).toLowerCase();
    if (firstLine.startsWith('#model_version') || firstLine.startsWith('cve,epss') || firstLine.startsWith('cve,cvss3,epss')) {
      return { kind: 'epss', scores: readEpssCsv(text, file) };
    }
  } catch (error) {
    if (isWardError(error) && error.code !== 'INVALID_INPUT') throw error;
    const message = isWardError(error) ? error.message : error instanceof Error ? error.message : String(error);
    // The readers already name the source (the file); keep their location and say it is unreadable.
    const location = { ...lineInMessage(message), ...(isWardError(error) ? error.details.location : {}), file };
    throw new WardError('INGEST_UNREADABLE', message.startsWith(file) ? message : `${file}: ${message}`, { location }, { cause: error });
  }
  throw new WardError('INGEST_UNKNOWN_FORMAT', `${file}: not a known intelligence feed (NVD JSON, KEV JSON, EPSS CSV, endoflife.date, MSRC CVRF, CVE JSON 5, OSV)`, { location: { file } });
}

/**
 * A zip of CVE JSON 5 records (the cvelistV5 bulk download, nested zips included) or of OSV
 * records (osv.dev's per-ecosystem `all.zip`): every `.json` entry is read as one record; entries
 * that are neither are warnings. All records of one kind make one feed; a zip mixing kinds is refused.
 */
function readZipFeed(file: string, bytes: Uint8Array, limits: ZipLimits): IntelFeed {
  const cve5: Cve5Record[] = [];
  const osv: OsvRecord[] = [];
  const warnings: string[] = [];
  try {
    readZipEntries(bytes, (name) => name.toLowerCase().endsWith('.json'), (name, data) => {
      let document: unknown;
      try {
        document = JSON.parse(new TextDecoder('utf-8').decode(data));
      } catch {
        warnings.push(`${file}!${name}: not valid JSON`);
        return;
      }
      if (isCve5Record(document)) cve5.push(...readCve5Json(document, `${file}!${name}`).records);
      else if (isOsvRecord(document)) osv.push(...readOsvJson(document, `${file}!${name}`).records);
      else warnings.push(`${file}!${name}: neither a CVE JSON 5 nor an OSV record`);
    }, limits, file);
  } catch (error) {
    if (isWardError(error)) throw error;
    throw unreadable(file, `not a readable zip archive (${error instanceof Error ? error.message : String(error)})`, error);
  }
  if (cve5.length > 0 && osv.length > 0) throw unreadable(file, `holds both CVE JSON 5 (${cve5.length}) and OSV (${osv.length}) records; load them as separate files`);
  if (cve5.length > 0) return { kind: 'cve5', records: cve5, warnings: warnings.slice(0, 100) };
  if (osv.length > 0) return { kind: 'osv', records: osv, warnings: warnings.slice(0, 100) };
  throw new WardError('INGEST_UNKNOWN_FORMAT', `${file}: a zip archive without CVE JSON 5 or OSV records`, { location: { file } });
}
