/**
 * The one streaming XML layer every XML evidence format uses. A format supplies a small
 * callback state machine (`XmlHandler`); the reader feeds saxes chunk by chunk, keeps the element
 * path for locations, enforces limits, and hands the records the handler emitted back in batches,
 * once per input chunk, because an async step per SAX event would be far too slow.
 *
 * Safety: saxes never expands DTD-declared entities nor fetches anything; on top of that any
 * DOCTYPE declaring entities is refused outright, so the error is clear rather than "undefined
 * entity" somewhere later.
 */
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import type { SaxesTagPlain } from 'saxes';
import { WardError, describeLocation, isWardError } from '../../core/errors.js';
import type { SourceLocation } from '../../core/errors.js';
import { ByteDecoder, DecodeError } from './byte-decoder.js';
import { LineCounter } from './line-counter.js';

export type XmlLimits = {
  /** Deepest element nesting accepted; real scanner reports stay under 20. */
  maxDepth: number;
  /** Longest single node (text, start tag with its attributes, comment, DOCTYPE) in characters. */
  maxNodeChars: number;
};

export const defaultXmlLimits: XmlLimits = { maxDepth: 256, maxNodeChars: 16 * 1024 * 1024 };

export type XmlAttributes = Readonly<Record<string, string>>;

/** What a handler may do while it handles an event. */
export interface XmlCursor<T> {
  /** Nesting level of the current element: 1 for the root. */
  readonly depth: number;
  emit(record: T): void;
  /**
   * File, line, column and element path of the current position. Inside `open` that is just past
   * the element's start tag (saxes reports positions after the token it has read).
   */
  location(): SourceLocation;
  /** Stops the import: the document cannot be read as this format. */
  fail(message: string): never;
}

export interface XmlHandler<T> {
  /**
   * Every start tag. Return true to receive the element's own text in `close`: its text and CDATA,
   * not the text inside its child elements (`<host>10.0.0.1<hostname>pc1</hostname></host>`
   * gives "10.0.0.1").
   */
  open(name: string, attributes: XmlAttributes, cursor: XmlCursor<T>): boolean;
  close(name: string, text: string | undefined, cursor: XmlCursor<T>): void;
  /** Once, after the document ended well-formed. */
  end?(cursor: XmlCursor<T>): void;
}

export type ReadXmlOptions = {
  fileName: string;
  signal?: AbortSignal;
  limits?: Partial<XmlLimits>;
};

// saxes copes with any chunk size, but the node-length check runs between writes, so cap them.
const MAX_WRITE_CHARS = 1024 * 1024;

export async function* readXml<T>(
  input: Readable,
  options: ReadXmlOptions,
  handler: XmlHandler<T>,
): AsyncGenerator<T, void, undefined> {
  const session = new XmlSession<T>(options, handler);
  const decoder = new ByteDecoder(options.fileName);
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    options.signal?.throwIfAborted();
    session.write(decodeChunk(decoder, chunk, session));
    // A plain loop: `yield*` over a sync iterable costs extra promises per record.
    for (const record of session.drain()) yield record;
  }
  session.write(decodeEnd(decoder, session));
  session.close();
  for (const record of session.drain()) yield record;
}

function decodeChunk<T>(decoder: ByteDecoder, chunk: Buffer | string, session: XmlSession<T>): string {
  try {
    return decoder.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  } catch (error) {
    return session.decodeFailed(error);
  }
}

function decodeEnd<T>(decoder: ByteDecoder, session: XmlSession<T>): string {
  try {
    return decoder.end();
  } catch (error) {
    return session.decodeFailed(error);
  }
}

class XmlSession<T> implements XmlCursor<T> {
  // Positions are counted by LineCounter, only when asked for: much cheaper than saxes doing it.
  private readonly parser = new SaxesParser({ xmlns: false, position: false });
  private readonly lines = new LineCounter();
  private readonly limits: XmlLimits;
  private readonly names: string[] = [];
  private readonly indices: number[] = [];
  /** Per nesting level, how many children of each name the open parent has had so far. */
  private readonly childCounts: Map<string, number>[] = [];
  /** Per nesting level, the text collected so far for an element that asked for it. */
  private readonly captured: (string | undefined)[] = [];
  /** Elements currently collecting text; saxes only assembles text while this is above zero. */
  private capturing = 0;
  private readonly textHandler = (text: string): void => this.onText(text);
  private lastEventAt = 0;
  private out: T[] = [];

  constructor(
    private readonly options: ReadXmlOptions,
    private readonly handler: XmlHandler<T>,
  ) {
    this.limits = { ...defaultXmlLimits, ...options.limits };
    const parser = this.parser;
    parser.on('error', (error) => this.fail(`XML is not well-formed: ${stripPosition(error.message)}`));
    parser.on('doctype', (doctype) => this.onDoctype(doctype));
    parser.on('opentag', (tag) => this.onOpen(tag));
    parser.on('closetag', (tag) => this.onClose(tag));
    // Registered once so the parser object keeps its shape, then switched off until needed:
    // without a text handler saxes skips assembling the text between tags altogether.
    parser.on('text', this.textHandler);
    parser.off('text');
    parser.on('cdata', (text) => this.onText(text));
    // No comment or PI handlers: past seven handlers saxes objects turn slow (3-4x, V8 property
    // layout), and both still count towards the node-length limit, as every node does.
  }

  get depth(): number {
    return this.names.length;
  }

  emit(record: T): void {
    this.out.push(record);
  }

  drain(): T[] {
    const batch = this.out;
    if (batch.length > 0) this.out = [];
    return batch;
  }

  write(text: string): void {
    for (let start = 0; start < text.length; start += MAX_WRITE_CHARS) {
      const piece = text.length <= MAX_WRITE_CHARS ? text : text.slice(start, start + MAX_WRITE_CHARS);
      this.lines.push(piece);
      this.parser.write(piece);
      if (this.parser.position - this.lastEventAt > this.limits.maxNodeChars) {
        this.fail(`a single XML node is longer than ${this.limits.maxNodeChars} characters`);
      }
    }
  }

  close(): void {
    this.parser.close();
    this.handler.end?.(this);
  }

  location(): SourceLocation {
    const location: SourceLocation = {
      file: this.options.fileName,
      ...this.lines.at(this.parser.position),
    };
    if (this.names.length > 0) location.path = this.path();
    return location;
  }

  fail(message: string): never {
    const location = this.location();
    throw new WardError('INGEST_UNREADABLE', `${describeLocation(location)}: ${message}`, { location });
  }

  decodeFailed(error: unknown): never {
    if (isWardError(error)) throw error;
    if (!(error instanceof DecodeError)) throw error;
    const location = this.location();
    const newlines = countNewlines(error.textBefore);
    if (newlines > 0) {
      location.line = (location.line ?? 1) + newlines;
      location.column = error.textBefore.length - error.textBefore.lastIndexOf('\n');
    }
    throw new WardError(
      'INGEST_UNREADABLE',
      `${describeLocation(location)}: ${error.message}; the file is not text in its declared encoding`,
      { location },
      { cause: error },
    );
  }

  private path(): string {
    let path = this.names[0] ?? '';
    for (let level = 1; level < this.names.length; level++) {
      path += `/${this.names[level] ?? ''}[${this.indices[level] ?? 0}]`;
    }
    return path;
  }

  private mark(): void {
    this.lastEventAt = this.parser.position;
  }

  private onDoctype(doctype: string): void {
    this.mark();
    if (/<!ENTITY/i.test(doctype)) {
      this.fail('the DOCTYPE declares entities, which are refused (entity expansion and external entity attacks)');
    }
  }

  private onOpen(tag: SaxesTagPlain): void {
    this.mark();
    const level = this.names.length;
    if (level >= this.limits.maxDepth) this.fail(`elements are nested deeper than ${this.limits.maxDepth} levels`);
    let counts = this.childCounts[level];
    if (counts === undefined) {
      counts = new Map();
      this.childCounts[level] = counts;
    }
    const index = (counts.get(tag.name) ?? 0) + 1;
    counts.set(tag.name, index);
    this.names.push(tag.name);
    this.indices.push(index);
    // The maps are reused from parent to parent: one allocation per level, not per element.
    this.childCounts[level + 1]?.clear();
    if (this.handler.open(tag.name, tag.attributes, this)) {
      this.captured[level] = '';
      if (this.capturing++ === 0) this.parser.on('text', this.textHandler);
    } else {
      this.captured[level] = undefined;
    }
  }

  private onClose(tag: SaxesTagPlain): void {
    this.mark();
    const level = this.names.length - 1;
    const text = this.captured[level];
    if (text !== undefined) {
      this.captured[level] = undefined;
      if (--this.capturing === 0) this.parser.off('text');
    }
    this.handler.close(tag.name, text, this);
    this.names.pop();
    this.indices.pop();
  }

  private onText(text: string): void {
    this.mark();
    const level = this.names.length - 1;
    const captured = this.captured[level];
    if (captured === undefined) return;
    this.captured[level] = captured + text;
    if (captured.length + text.length > this.limits.maxNodeChars) {
      this.fail(`element text is longer than ${this.limits.maxNodeChars} characters`);
    }
  }
}

function stripPosition(message: string): string {
  return message.replace(/^\d+:\d+: /, '');
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
