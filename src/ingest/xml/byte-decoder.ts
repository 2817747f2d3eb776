import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { WardError, describeLocation } from '../../core/errors.js';

/**
 * Turns the byte chunks of an XML file into text. The encoding is chosen once, from a byte-order
 * mark or the XML declaration, before any text reaches the parser: XML parsers cannot switch
 * encoding half-way and saxes only takes strings.
 *
 * Decoding is fatal on purpose: silently turning bad bytes into U+FFFD would hide a file written
 * in another encoding (or not text at all) and import mangled names and versions.
 */
const SNIFF_BYTES = 512;

const declaredAliases: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  // WHATWG decodes all of these as windows-1252, a superset of Latin-1 for printable text.
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
};

export class ByteDecoder {
  private decoder: TextDecoder | undefined;
  /** UTF-8 takes a faster path than TextDecoder: native validation, then Buffer#toString. */
  private utf8 = false;
  /** UTF-8 bytes of a character split across chunks, held for the next chunk. */
  private carry: Buffer | undefined;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private bytesSeen = 0;

  constructor(private readonly fileName: string) {}

  /** Returns the text ready so far; it may hold back a few bytes until the encoding is known. */
  write(chunk: Buffer): string {
    if (this.decoder === undefined) {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      if (this.pendingLength < SNIFF_BYTES) return '';
      return this.start();
    }
    return this.decode(chunk, true);
  }

  end(): string {
    const head = this.decoder === undefined ? this.start() : '';
    return head + this.decode(Buffer.alloc(0), false);
  }

  private start(): string {
    const head = Buffer.concat(this.pending, this.pendingLength);
    this.pending = [];
    this.pendingLength = 0;
    this.decoder = new TextDecoder(this.chooseEncoding(head), { fatal: true });
    this.utf8 = this.decoder.encoding === 'utf-8';
    const bom = this.utf8 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    return this.decode(bom ? head.subarray(3) : head, true);
  }

  private chooseEncoding(head: Buffer): string {
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
    if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
    if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
    // The declaration is ASCII in every encoding we accept, so Latin-1 reads it safely.
    const declaration = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
      head.subarray(0, SNIFF_BYTES).toString('latin1'),
    );
    const declared = declaration?.[1];
    if (declared === undefined) return 'utf-8';
    const encoding = declaredAliases[declared.toLowerCase()];
    if (encoding === undefined) {
      const location = { file: this.fileName, line: 1, column: 1 };
      throw new WardError(
        'INGEST_UNREADABLE',
        `${describeLocation(location)}: unsupported XML encoding "${declared}" (UTF-8, UTF-16 and ISO-8859-1 are read)`,
        { location },
      );
    }
    return encoding;
  }

  private decode(bytes: Buffer, stream: boolean): string {
    const decoder = this.decoder;
    if (decoder === undefined) return '';
    if (this.utf8) return this.decodeUtf8(decoder, bytes, stream);
    try {
      const text = decoder.decode(bytes, { stream });
      this.bytesSeen += bytes.length;
      return text;
    } catch (error) {
      throw this.failure(decoder, bytes, error);
    }
  }

  private decodeUtf8(decoder: TextDecoder, chunk: Buffer, stream: boolean): string {
    const bytes = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    this.carry = undefined;
    const end = stream ? completeUtf8Length(bytes) : bytes.length;
    const whole = end === bytes.length ? bytes : bytes.subarray(0, end);
    if (!isUtf8(whole)) throw this.failure(decoder, whole, undefined);
    if (end < bytes.length) this.carry = Buffer.from(bytes.subarray(end));
    this.bytesSeen += end;
    return whole.toString('utf8');
  }

  private failure(decoder: TextDecoder, bytes: Buffer, cause: unknown): DecodeError {
    const lenient = new TextDecoder(decoder.encoding).decode(bytes);
    const bad = lenient.indexOf('\uFFFD');
    return new DecodeError(
      `invalid ${decoder.encoding.toUpperCase()} byte sequence after byte ${this.bytesSeen}`,
      bad < 0 ? lenient : lenient.slice(0, bad),
      cause,
    );
  }
}

/** How many bytes at the start of `bytes` end on a character boundary. */
function completeUtf8Length(bytes: Buffer): number {
  let start = bytes.length - 1;
  for (let back = 0; start >= 0 && back < 3 && ((bytes[start] ?? 0) & 0xc0) === 0x80; back++) start--;
  if (start < 0) return bytes.length;
  const lead = bytes[start] ?? 0;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - start < needed ? start : bytes.length;
}

/** Carries the text decoded before the bad bytes so the reader can give a line number. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly textBefore: string,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}
