import type { Readable } from 'node:stream';
import { unreadable } from './unreadable.js';

export type TextLine = { text: string; line: number };

export type ReadLinesOptions = {
  fileName: string;
  /** A longer line is treated as a broken or hostile file rather than buffered without end. */
  maxLineBytes: number;
  signal?: AbortSignal;
};

const newline = 0x0a;
const utf8Bom = '\uFEFF';

/**
 * Splits a byte stream into lines without holding the file. Lines are split on bytes before
 * decoding: no UTF-8 multi-byte sequence contains 0x0A, so each line decodes on its own and an
 * encoding error can be reported with its exact line number. NUL bytes never occur in the text
 * formats we read, so they mark binary garbage early.
 */
export async function* readLines(input: Readable, options: ReadLinesOptions): AsyncGenerator<TextLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;

  const decode = (bytes: Buffer): TextLine => {
    line += 1;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(0, end));
    } catch (error) {
      throw unreadable('the file is not UTF-8 text', { file: options.fileName, line }, error);
    }
    const nul = text.indexOf('\0');
    if (nul >= 0) {
      throw unreadable('the file contains binary data (NUL byte)', {
        file: options.fileName,
        line,
        column: nul + 1,
      });
    }
    if (line === 1 && text.startsWith(utf8Bom)) text = text.slice(1);
    return { text, line };
  };

  const tooLong = (): Error =>
    unreadable(`line is longer than ${options.maxLineBytes} bytes`, {
      file: options.fileName,
      line: line + 1,
    });

  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    options.signal?.throwIfAborted();
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    let index = bytes.indexOf(newline, start);
    while (index >= 0) {
      const piece = bytes.subarray(start, index);
      if (pendingBytes + piece.length > options.maxLineBytes) throw tooLong();
      const whole = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      pendingBytes = 0;
      yield decode(whole);
      start = index + 1;
      index = bytes.indexOf(newline, start);
    }
    if (start < bytes.length) {
      const rest = bytes.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > options.maxLineBytes) throw tooLong();
      pending.push(rest);
    }
  }
  if (pendingBytes > 0) yield decode(Buffer.concat(pending));
}
