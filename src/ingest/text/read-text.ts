import type { Readable } from 'node:stream';
import { unreadable } from './unreadable.js';

export type ReadTextOptions = {
  fileName: string;
  /** Above this the document is refused instead of exhausting memory (JSON.parse needs it whole). */
  maxBytes: number;
  signal?: AbortSignal;
};

/** Reads a whole document through the stream, enforcing the size cap while reading, not after. */
export async function readText(input: Readable, options: ReadTextOptions): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    options.signal?.throwIfAborted();
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += bytes.length;
    if (total > options.maxBytes) {
      input.destroy();
      throw unreadable(`the file is larger than the ${formatBytes(options.maxBytes)} this format accepts`, {
        file: options.fileName,
      });
    }
    chunks.push(bytes);
  }
  const bytes = Buffer.concat(chunks, total);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch (error) {
    throw unreadable(
      'the file is not UTF-8 text',
      { file: options.fileName, line: firstBadLine(bytes) },
      error,
    );
  }
}

/** Multi-byte sequences never contain 0x0A, so decoding line by line finds the faulty line. */
function firstBadLine(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; ; line += 1) {
    const end = bytes.indexOf(0x0a, start);
    try {
      decoder.decode(bytes.subarray(start, end < 0 ? bytes.length : end));
    } catch {
      return line;
    }
    if (end < 0) return line;
    start = end + 1;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}
