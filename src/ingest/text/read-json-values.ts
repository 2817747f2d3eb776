import type { Readable } from 'node:stream';
import type { SourceLocation } from '../../core/errors.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { lineAndColumn } from './parse-json-document.js';
import { readLines } from './read-lines.js';
import { unreadable } from './unreadable.js';

/** One JSON value of a stream, with where it starts (`path` is `/k` or `/k/j`, see below). */
export type LocatedJsonValue = {
  value: unknown;
  line: number;
  column: number;
  path: string;
  /** Lines on which the objects of an array directly inside this value start (a page's rows). */
  elementLines: number[];
};

export type ReadJsonValuesOptions = {
  fileName: string;
  /** The largest single value (one API page, one row): each is parsed whole with JSON.parse. */
  maxValueBytes: number;
  signal?: AbortSignal;
};

/**
 * Streams the values of a file that holds either JSON values one after another (JSON lines, or
 * whole documents concatenated, as paged API responses saved in a row are) or one JSON array of
 * them. Each value (`/k` for the k-th top-level value, `/0/j` for the j-th element of a top-level
 * array) is cut out by a small scanner that only follows strings and brackets, then parsed alone
 * with JSON.parse (STACK.md §7: JSON.parse per page, never the whole file). Memory is bounded by
 * the largest value, not the file. Bad UTF-8, a truncated value or invalid JSON inside a value is
 * reported with its line, column and path.
 */
export async function* readJsonValues(input: Readable, options: ReadJsonValuesOptions): AsyncGenerator<LocatedJsonValue> {
  const file = options.fileName;
  let topIndex = 0;
  let inArray = false;
  let arrayIndex = 0;
  let arrayLine = 0;
  let expectComma = false;
  // The value being cut out.
  let pieces: string[] = [];
  let size = 0;
  let depth = 0;
  let inString = false;
  let depth2IsArray = false;
  let elementLines: number[] = [];
  let start: { line: number; column: number } | undefined;
  let lastLine = 0;

  const pathNow = (): string => (inArray ? `/${topIndex}/${arrayIndex}` : `/${topIndex}`);

  const finish = (): LocatedJsonValue => {
    const text = pieces.join('');
    pieces = [];
    size = 0;
    const where = start ?? { line: 1, column: 1 };
    start = undefined;
    const path = pathNow();
    const lines = elementLines;
    elementLines = [];
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      const relative = lineAndColumn(text, Math.max(0, jsonErrorOffset(text)));
      const line = where.line + relative.line - 1;
      const column = relative.line === 1 ? where.column + relative.column - 1 : relative.column;
      throw unreadable('invalid JSON', { file, line, column, path }, error);
    }
    if (inArray) arrayIndex += 1;
    else topIndex += 1;
    expectComma = inArray;
    return { value, line: where.line, column: where.column, path, elementLines: lines };
  };

  for await (const { text, line } of readLines(input, { fileName: file, maxLineBytes: options.maxValueBytes, signal: options.signal })) {
    lastLine = line;
    let i = 0;
    let pieceStart = start ? 0 : -1;
    const n = text.length;
    while (i < n) {
      if (start) {
        // Inside a value: follow strings and brackets only.
        if (inString) {
          const quote = text.indexOf('"', i);
          const slash = text.indexOf('\\', i);
          if (slash >= 0 && (quote < 0 || slash < quote)) {
            i = slash + 2;
            continue;
          }
          if (quote < 0) {
            i = n;
            continue;
          }
          inString = false;
          i = quote + 1;
          continue;
        }
        const c = text.charCodeAt(i);
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) {
          depth += 1;
          if (depth === 2) depth2IsArray = c === 0x5b;
          else if (depth === 3 && depth2IsArray && c === 0x7b) elementLines.push(line);
        }
        else if (c === 0x7d || c === 0x5d) {
          depth -= 1;
          if (depth === 0) {
            pieces.push(text.slice(pieceStart, i + 1));
            i += 1;
            yield finish();
            pieceStart = -1;
            continue;
          }
        }
        i += 1;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        i += 1;
        continue;
      }
      const location: SourceLocation = { file, line, column: i + 1, path: pathNow() };
      if (inArray && expectComma) {
        if (c === 0x2c) expectComma = false;
        else if (c === 0x5d) {
          inArray = false;
          expectComma = false;
          topIndex += 1;
        } else throw unreadable('expected "," or "]" between the elements of the array', location);
        i += 1;
        continue;
      }
      if (inArray && c === 0x5d && arrayIndex === 0) {
        inArray = false;
        topIndex += 1;
        i += 1;
        continue;
      }
      if (c === 0x5b && !inArray) {
        inArray = true;
        arrayIndex = 0;
        arrayLine = line;
        expectComma = false;
        i += 1;
        continue;
      }
      if (c === 0x7b || c === 0x5b) {
        start = { line, column: i + 1 };
        depth = 1;
        pieceStart = i;
        i += 1;
        continue;
      }
      throw unreadable(inArray ? 'expected a JSON object in the array' : 'expected a JSON object or array', location);
    }
    if (start) {
      const piece = pieceStart >= 0 ? text.slice(pieceStart) : text;
      size += piece.length + 1;
      if (size > options.maxValueBytes) throw unreadable(`one JSON value is larger than ${options.maxValueBytes} bytes`, { file, line: start.line, path: pathNow() });
      pieces.push(piece, '\n');
    }
  }
  if (start) throw unreadable('the JSON ends too early (truncated?)', { file, line: start.line, column: start.column, path: pathNow() });
  if (inArray) throw unreadable('the JSON ends too early: the array is never closed (truncated?)', { file, line: arrayLine > 0 ? lastLine : 1, path: pathNow() });
}
