import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WardError, isWardError } from '../../core/errors.js';
import { readEpssCsv, type EpssFile } from '../../intel/epss/index.js';
import { readKevCatalog, type KevCatalog } from '../../intel/kev/index.js';
import { readEndoflifeApi, readProductPage, type LifecycleRelease } from '../../intel/lifecycle/index.js';
import { readCvrfJson, readCvrfXml, type CvrfDocument } from '../../intel/msrc/index.js';
import { readNvdJson, type NvdCve } from '../../intel/nvd/index.js';

export type IntelFeed =
  | { kind: 'nvd'; records: NvdCve[] }
  | { kind: 'kev'; catalog: KevCatalog }
  | { kind: 'epss'; scores: EpssFile }
  | { kind: 'endoflife'; product: string; releases: LifecycleRelease[] }
  | { kind: 'msrc'; document: CvrfDocument };

export type IntelFeedKind = IntelFeed['kind'];

/** The NVD yearly feeds are the largest input, about 300 MB unpacked; anything far beyond is refused. */
const maxUnpackedBytes = 1024 * 1024 * 1024;

function unreadable(file: string, message: string, cause?: unknown): WardError {
  return new WardError('INGEST_UNREADABLE', `${file}: ${message}`, { location: { file } }, cause === undefined ? undefined : { cause });
}

function decode(file: string, bytes: Uint8Array): string {
  let data = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      data = gunzipSync(bytes, { maxOutputLength: maxUnpackedBytes });
    } catch (error) {
      throw unreadable(file, `not a readable gzip file (${error instanceof Error ? error.message : String(error)})`, error);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch (error) {
    throw unreadable(file, 'not UTF-8 text', error);
  }
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
    throw unreadable(file, `not valid JSON (${error instanceof Error ? error.message : 'parse error'})`, error);
  }
  if (Array.isArray(document) || (isObject(document) && isObject(document.result) && 'releases' in document.result)) {
    return { kind: 'endoflife', product: productFromName(file), releases: readEndoflifeApi(document, file) };
  }
  if (isObject(document)) {
    if ('catalogVersion' in document) return { kind: 'kev', catalog: readKevCatalog(document, file) };
    if ('vulnerabilities' in document || ('id' in document && 'descriptions' in document)) return { kind: 'nvd', records: readNvdJson(document, file) };
    if ('DocumentTracking' in document) return { kind: 'msrc', document: readCvrfJson(document, file) };
  }
  throw new WardError('INGEST_UNKNOWN_FORMAT', `${file}: JSON, but not an NVD, KEV, endoflife.date or MSRC CVRF document`, { location: { file } });
}

/**
 * Recognises a feed by its content, never by its name alone (downloads get renamed), and parses it
 * with the pure readers of src/intel. Any problem names the file; nothing is stored by this step.
 */
export function readIntelFile(file: string, bytes: Uint8Array): IntelFeed {
  const text = decode(file, bytes);
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
    throw new WardError('INGEST_UNREADABLE', message.startsWith(file) ? message : `${file}: ${message}`, { location: { file, ...(isWardError(error) ? error.details.location : {}) } }, { cause: error });
  }
  throw new WardError('INGEST_UNKNOWN_FORMAT', `${file}: not a known intelligence feed (NVD JSON, KEV JSON, EPSS CSV, endoflife.date, MSRC CVRF)`, { location: { file } });
}
