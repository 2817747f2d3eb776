import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { WardError } from '../core/errors.js';
import type { FormatSample } from './evidence-format.js';

export type OpenEvidenceOptions = {
  /** Largest decompressed size of a gzip file: a few KiB of gzip can expand to terabytes. */
  maxDecompressedBytes: number;
  /** Called with the bytes read from the file on disk (compressed bytes for .gz files). */
  onBytes?: (bytesRead: number) => void;
};

export const defaultMaxDecompressedBytes = 8 * 1024 ** 3;

const headBytes = 1024;

/** Gzip by its magic bytes 1f 8b, whatever the file is called. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The evidence a parser reads: the file's bytes, decompressed as a stream when it is gzip. */
export async function openEvidence(path: string, fileName: string, options: OpenEvidenceOptions): Promise<Readable> {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  const counted = file.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback: TransformCallback) {
        bytesRead += chunk.length;
        options.onBytes?.(bytesRead);
        callback(null, chunk);
      },
    }),
  );
  file.on('error', (error) => counted.destroy(error));
  if (!(await isGzipFile(path))) return counted;
  const gunzip = createGunzip();
  const cap = sizeCap(options.maxDecompressedBytes, fileName);
  const capped = gunzip.pipe(cap.stream);
  counted.pipe(gunzip);
  counted.on('error', (error) => capped.destroy(error));
  gunzip.on('error', (error) => {
    // The unpacked text is good up to here: name the line the corruption cut into.
    const line = cap.lines();
    capped.destroy(new WardError('INGEST_UNREADABLE', `${fileName}:${line}: the gzip data is corrupt or truncated (${error.message})`, { location: { file: fileName, line } }, { cause: error }));
  });
  return capped;
}

/** The first KiB (decompressed), as UTF-8 without a BOM, for `detect`. */
export async function readSample(path: string, fileName: string): Promise<FormatSample> {
  const stream = await openEvidence(path, fileName, { maxDecompressedBytes: headBytes * 64 });
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= headBytes) break;
    }
  } catch {
    // A sample is best effort: a corrupt tail is reported by the parser with its location.
  } finally {
    stream.destroy();
  }
  const head = Buffer.concat(chunks).subarray(0, headBytes);
  const withoutBom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  return { fileName: fileName.replace(/\.gz$/i, ''), head: withoutBom.toString('utf8').replace(/\uFFFD+$/, '') };
}

/** Passes unpacked bytes on up to `maxBytes`, counting lines so a corrupt stream can say where it broke. */
function sizeCap(maxBytes: number, fileName: string): { stream: Transform; lines: () => number } {
  let total = 0;
  let lines = 1;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      total += chunk.length;
      for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) lines += 1;
      if (total > maxBytes) {
        callback(new WardError('PAYLOAD_TOO_LARGE', `${fileName}: decompresses to more than ${maxBytes} bytes, the limit for compressed evidence`, { location: { file: fileName } }));
        return;
      }
      callback(null, chunk);
    },
  });
  return { stream, lines: () => lines };
}
