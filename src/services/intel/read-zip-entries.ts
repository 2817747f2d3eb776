import { Unzip, UnzipInflate } from 'fflate';
import { WardError } from '../../core/errors.js';

/** Zip files start with a local file header. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export type ZipLimits = {
  /** Largest unpacked size of one entry. */
  maxEntryBytes: number;
  /** Largest unpacked size of all entries together, nested archives included: a zip bomb stops here. */
  maxTotalBytes: number;
  /** How deep zips may nest (the CVE Program's bulk download nests one level). */
  maxDepth: number;
};

/** osv.dev's largest `all.zip` (Debian) unpacks to about 1.5 GB; the cvelistV5 bundle to about 2 GB. */
export const defaultZipLimits: ZipLimits = { maxEntryBytes: 1024 ** 3, maxTotalBytes: 4 * 1024 ** 3, maxDepth: 2 };

/** Compressed bytes handed to the inflater at a time: deflate expands at most about 1032:1, so one step inflates to at most ~4 MiB before a limit is checked. */
const step = 4 * 1024;

/**
 * Calls `onEntry` with each file of a zip archive whose name passes `wanted`, one entry at a time
 * and in archive order (the inflated bytes of one entry are held only while it is handled). Zips
 * inside the zip are opened the same way: the CVE Program's bulk download nests `cves.zip` in its
 * release archive. fflate (already installed as a dependency of pdfkit) does the inflating.
 * Every limit is checked as bytes are inflated, so a zip bomb costs at most one step past it.
 */
export function readZipEntries(bytes: Uint8Array, wanted: (name: string) => boolean, onEntry: (name: string, data: Uint8Array) => void, limits: ZipLimits = defaultZipLimits, file = 'archive'): void {
  readLevel(bytes, wanted, onEntry, limits, { file, total: 0 }, '', 1);
}

/** The archive's name and the bytes unpacked so far, shared by the nested levels. */
type Budget = { file: string; total: number };

/** `path` is the entry inside the archive (`cves.zip!CVE-2024-1.json` for a nested one). */
function tooLarge(budget: Budget, path: string, message: string): WardError {
  return new WardError('PAYLOAD_TOO_LARGE', `${budget.file}!${path}: ${message}`, { location: { file: budget.file, path } });
}

function readLevel(bytes: Uint8Array, wanted: (name: string) => boolean, onEntry: (name: string, data: Uint8Array) => void, limits: ZipLimits, budget: Budget, prefix: string, depth: number): void {
  let failure: unknown;
  const unzip = new Unzip((entry) => {
    const isNested = /\.zip$/i.test(entry.name);
    if (!isNested && !wanted(entry.name)) return;
    const path = `${prefix}${entry.name}`;
    if (isNested && depth >= limits.maxDepth) {
      failure = tooLarge(budget, path, `zips nested more than ${limits.maxDepth} deep are refused`);
      return;
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    entry.ondata = (error, data, final) => {
      if (failure !== undefined) return;
      if (error) {
        failure = error;
        return;
      }
      size += data.length;
      budget.total += data.length;
      if (size > limits.maxEntryBytes) {
        failure = tooLarge(budget, path, `larger than ${limits.maxEntryBytes} bytes unpacked`);
        return;
      }
      if (budget.total > limits.maxTotalBytes) {
        failure = tooLarge(budget, path, `the archive unpacks to more than ${limits.maxTotalBytes} bytes`);
        return;
      }
      parts.push(data);
      if (!final) return;
      const whole = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
      parts.length = 0;
      try {
        if (isNested) readLevel(whole, wanted, onEntry, limits, budget, `${path}!`, depth + 1);
        else onEntry(entry.name, whole);
      } catch (caught) {
        failure = caught;
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  for (let offset = 0; offset < bytes.length && failure === undefined; offset += step) {
    unzip.push(bytes.subarray(offset, offset + step), offset + step >= bytes.length);
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error('the archive could not be inflated');
}
