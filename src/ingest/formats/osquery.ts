import type { Readable } from 'node:stream';
import type { EvidenceRecord, IngestWarning } from '../evidence.js';
import type { EvidenceFormat, FormatSample, ParseContext } from '../evidence-format.js';
import { parseJsonDocument } from '../text/parse-json-document.js';
import { peekFirstCharacter } from '../text/peek-stream.js';
import { readLines } from '../text/read-lines.js';
import { readText } from '../text/read-text.js';
import { unreadable } from '../text/unreadable.js';
import { assetRecord, osFamily } from './osquery-asset.js';
import { observationRecords } from './osquery-observations.js';
import { isResultsLine, ResultsLogReader } from './osquery-results-log.js';
import { softwareRecords, serviceRecords } from './osquery-software.js';
import { OsqueryState } from './osquery-state.js';
import { tableFromColumns, tableFromName } from './osquery-tables.js';
import { toRow } from './osquery-values.js';

export type OsqueryLimits = {
  /** `osqueryi --json` output is one JSON array, parsed whole. */
  maxDocumentBytes: number;
  /** One results-log line holds a whole snapshot, which can be large for software tables. */
  maxLineBytes: number;
};

const defaultLimits: OsqueryLimits = { maxDocumentBytes: 256 * 1024 * 1024, maxLineBytes: 64 * 1024 * 1024 };

export function createOsqueryFormat(limits: OsqueryLimits = defaultLimits): EvidenceFormat {
  return {
    id: 'osquery',
    label: 'osquery results (osqueryi --json or osqueryd results log)',
    version: 1,
    extensions: ['.json', '.log', '.ndjson'],
    detect,
    parse: (input, context) => parse(input, context, limits),
  };
}

export const osqueryFormat = createOsqueryFormat();

function detect(sample: FormatSample): boolean {
  const head = sample.head.trimStart();
  if (head.startsWith('{')) {
    return (
      /"name"\s*:/.test(head) &&
      /"(hostIdentifier|diffResults|snapshot|calendarTime|unixTime)"\s*:/.test(head)
    );
  }
  if (!head.startsWith('[')) return false;
  const firstObject = /^\[\s*\{([^}]*)/.exec(head)?.[1] ?? '';
  const keys = new Set([...firstObject.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"\s*:/g)].map((m) => m[1] ?? ''));
  return (
    tableFromColumns(keys) !== undefined || (keys.size > 0 && tableFromName(sample.fileName) !== undefined)
  );
}

async function* parse(
  input: Readable,
  context: ParseContext,
  limits: OsqueryLimits,
): AsyncGenerator<EvidenceRecord> {
  const { first, stream } = await peekFirstCharacter(input);
  const state = new OsqueryState();
  if (first === '[') yield* readQueryOutput(stream, context, limits, state);
  else if (first === '{') yield* readResultsLog(stream, context, limits, state);
  else if (first === undefined) throw unreadable('the file is empty', { file: context.fileName, line: 1 });
  else
    throw unreadable('not osquery output: expected a JSON array or JSON lines', {
      file: context.fileName,
      line: 1,
    });
  yield* records(state);
}

/** `osqueryi --json "select …"` prints one table as an array of row objects. */
async function* readQueryOutput(
  input: Readable,
  context: ParseContext,
  limits: OsqueryLimits,
  state: OsqueryState,
): AsyncGenerator<IngestWarning> {
  const { fileName } = context;
  const text = await readText(input, { fileName, maxBytes: limits.maxDocumentBytes, signal: context.signal });
  const document = parseJsonDocument(text, fileName);
  if (!Array.isArray(document))
    throw unreadable('expected a JSON array of rows', { file: fileName, line: 1, column: 1 });
  const rows = document.map((item, index) => ({
    row: toRow(item),
    location: { file: fileName, path: `/${index}` },
  }));
  const columns = new Set(rows.flatMap(({ row }) => (row ? Object.keys(row) : [])));
  const table = tableFromColumns(columns) ?? tableFromName(fileName.split(/[\\/]/).at(-1) ?? fileName);
  if (!table) {
    if (rows.length > 0)
      yield {
        kind: 'warning',
        message: 'osquery table not recognised from its columns or the file name; nothing imported',
        location: { file: fileName },
      };
    return;
  }
  const hostname = table === 'system_info' ? rows.map(({ row }) => row?.hostname).find((h) => h) : undefined;
  if (!hostname) {
    yield {
      kind: 'warning',
      message: `the ${table} output does not name its host; records belong to an unnamed device`,
      location: { file: fileName },
    };
  }
  const assetRef = hostname ?? `osquery:${fileName}`;
  state.host(assetRef, { file: fileName, line: 1 });
  const valid = rows.filter(
    (r): r is { row: NonNullable<typeof r.row>; location: typeof r.location } => r.row !== undefined,
  );
  for (const bad of rows.filter((r) => r.row === undefined)) {
    yield {
      kind: 'warning',
      message: 'row is not an object of column values; skipped',
      location: bad.location,
    };
  }
  state.snapshot(assetRef, table, table, valid);
}

async function* readResultsLog(
  input: Readable,
  context: ParseContext,
  limits: OsqueryLimits,
  state: OsqueryState,
): AsyncGenerator<IngestWarning> {
  const { fileName } = context;
  const reader = new ResultsLogReader(state, fileName);
  let recognised = 0;
  for await (const { text, line } of readLines(input, {
    fileName,
    maxLineBytes: limits.maxLineBytes,
    signal: context.signal,
  })) {
    if (text.trim() === '') continue;
    const location = { file: fileName, line };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // A bad first line means this is not a results log; later, a torn last write is common.
      if (recognised === 0) throw unreadable('not an osquery results log: line is not JSON', location, error);
      yield { kind: 'warning', message: 'line is not valid JSON (truncated write?); skipped', location };
      continue;
    }
    if (!isResultsLine(value)) {
      if (recognised === 0)
        throw unreadable('not an osquery results log: no query name and results on the first line', location);
      yield { kind: 'warning', message: 'line is not an osquery result; skipped', location };
      continue;
    }
    recognised += 1;
    yield* reader.apply(value, location);
  }
  if (recognised === 0) throw unreadable('the file holds no osquery results', { file: fileName });
}

function* records(state: OsqueryState): Generator<EvidenceRecord> {
  for (const host of state.hostList()) {
    const tables = state.tablesOf(host.assetRef);
    const asset = assetRecord(host, tables);
    yield asset;
    const platform = tables.get('os_version')?.at(-1)?.row.platform;
    yield* softwareRecords(host.assetRef, tables, platform || undefined);
    yield* serviceRecords(host.assetRef, tables.get('listening_ports'));
    const isWindows = asset.os?.family === 'windows' || osFamily(platform) === 'windows';
    yield* observationRecords(host.assetRef, tables, isWindows);
  }
}
