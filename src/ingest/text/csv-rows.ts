import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { readLines } from './read-lines.js';
import { unreadable } from './unreadable.js';

export type CsvHeader = { kind: 'header'; fields: string[] };
export type CsvRow = { kind: 'row'; values: Record<string, string>; line: number; problems: string[] };

export type ReadCsvOptions = { fileName: string; maxLineBytes: number; signal?: AbortSignal };

/** Rows parsed ahead of the consumer before reading pauses. */
const highWater = 512;

/**
 * Streams a CSV with a header row through papaparse, giving each row the line it starts on.
 * Bytes go through `readLines` first, so bad UTF-8, binary data and runaway lines are refused
 * with their line number before papaparse sees them, and the offsets of line starts are known:
 * papaparse only reports a character offset (`meta.cursor`) for the end of each row.
 */
export async function* readCsvRows(
  input: Readable,
  options: ReadCsvOptions,
): AsyncGenerator<CsvHeader | CsvRow> {
  const lineStarts: { offset: number; line: number; blank: boolean }[] = [];
  let offset = 0;
  let waiting: (() => void) | undefined;
  let wake: (() => void) | undefined;
  const queue: CsvRow[] = [];
  const header: string[] = [];
  let headerSent = false;
  let finished = false;
  let failure: unknown;

  async function* text(): AsyncGenerator<string> {
    for await (const { text: line, line: number } of readLines(input, options)) {
      lineStarts.push({ offset, line: number, blank: line.trim() === '' });
      offset += line.length + 1;
      if (queue.length >= highWater) await new Promise<void>((resolve) => (waiting = resolve));
      yield `${line}\n`;
    }
  }

  // Line of the first non-blank line at or after `at`; old entries are dropped as rows pass.
  const lineOf = (at: number): number => {
    while (lineStarts.length > 1 && (lineStarts[1]?.offset ?? Infinity) <= at) lineStarts.shift();
    let index = 0;
    while (lineStarts[index]?.blank === true && lineStarts[index + 1] !== undefined) index += 1;
    return lineStarts[index]?.line ?? 1;
  };

  let previousEnd = -1;
  Papa.parse<Record<string, string>>(Readable.from(text()), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (name: string) => {
      header.push(name);
      return name;
    },
    step: (result, parser) => {
      const start = previousEnd < 0 ? (lineStarts[1]?.offset ?? 0) : previousEnd + 1;
      previousEnd = result.meta.cursor;
      // A quote never closed swallows every later line into one value: the rows after it would be
      // lost silently, so the file is refused, naming the line where the quoted field opened.
      if (result.errors.some((e) => e.code === 'MissingQuotes')) {
        failure ??= unreadable('a quoted field opened on this line is never closed, so every line after it would be read as one value', { file: options.fileName, line: lineOf(start) });
        parser.abort();
        return;
      }
      const values: Record<string, string> = {};
      for (const [key, value] of Object.entries(result.data)) {
        if (typeof value === 'string') values[key] = value;
      }
      queue.push({ kind: 'row', values, line: lineOf(start), problems: result.errors.map((e) => e.message) });
      wake?.();
    },
    complete: () => {
      finished = true;
      wake?.();
    },
    error: (error: unknown) => {
      failure = error;
      finished = true;
      wake?.();
    },
  });

  try {
    yield* drain();
  } finally {
    // A consumer that stops early must not leave the file open behind a paused reader.
    if (!finished) input.destroy();
    waiting?.();
  }

  async function* drain(): AsyncGenerator<CsvHeader | CsvRow> {
    for (;;) {
      if (!headerSent && (queue.length > 0 || finished)) {
        headerSent = true;
        if (failure === undefined) yield { kind: 'header', fields: header };
      }
      const row = queue.shift();
      if (row) {
        if (queue.length < highWater / 2 && waiting) {
          const resume = waiting;
          waiting = undefined;
          resume();
        }
        yield row;
        continue;
      }
      // papaparse hands back whatever the source stream failed with (a WardError from readLines).
      if (failure !== undefined)
        throw failure instanceof Error ? failure : new Error('CSV reader failed', { cause: failure });
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  }
}
