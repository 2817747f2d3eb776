/**
 * Reading the rows of a Microsoft Graph collection as Ward receives it: one page
 * `{"@odata.context": …, "value": [rows], "@odata.nextLink": …}`, several pages one after another
 * (what a `curl` loop following `@odata.nextLink` saves), a JSON array of pages, or the rows
 * themselves (JSON lines or an array). Every row comes back with its location: `file:line` and a
 * path such as `/2/value/17` (the 18th row of the third page). Memory is bounded by one page.
 */
import type { Readable } from 'node:stream';
import type { SourceLocation } from '../../core/errors.js';
import type { IngestWarning } from '../evidence.js';
import type { ParseContext } from '../evidence-format.js';
import { isJsonObject, type JsonObject } from '../text/json-values.js';
import { peekFirstCharacter } from '../text/peek-stream.js';
import { readJsonValues } from '../text/read-json-values.js';
import { unreadable } from '../text/unreadable.js';

export type GraphCollection = {
  /** Words used in messages, e.g. "userRegistrationDetails". */
  label: string;
  /** Matches the `@odata.context` of this collection's pages. */
  context: RegExp;
  /** A row must have one of these to be of this collection at all (checked on the first row). */
  identifying: readonly string[];
};

export type GraphRow = { kind: 'row'; row: JsonObject; location: SourceLocation };

/** The largest page: Graph pages hold at most 1,000 rows (sign-ins) or 999 (reports). */
export const maxPageBytes = 64 * 1024 * 1024;

/** Other Graph collections Ward reads, so a page of the wrong kind is named in the error. */
const knownContexts: { pattern: RegExp; label: string }[] = [
  { pattern: /userRegistrationDetails/i, label: 'userRegistrationDetails (authentication methods registration)' },
  { pattern: /auditLogs\/signIns/i, label: 'auditLogs/signIns (sign-in logs)' },
];

export async function* readGraphRows(input: Readable, context: ParseContext, collection: GraphCollection): AsyncGenerator<GraphRow | IngestWarning> {
  const file = context.fileName;
  const { first, stream } = await peekFirstCharacter(input);
  if (first === undefined) throw unreadable('the file is empty', { file, line: 1 });
  if (first !== '{' && first !== '[') throw unreadable(`not Microsoft Graph JSON: the file starts with "${first}"`, { file, line: 1 });
  let checked = false;
  let rows = 0;
  const accept = (row: JsonObject, location: SourceLocation): GraphRow => {
    if (!checked) {
      checked = true;
      if (!collection.identifying.some((key) => row[key] !== undefined && row[key] !== null)) {
        throw unreadable(`not Microsoft Graph ${collection.label}: the first row has no ${collection.identifying.join(' or ')}`, location);
      }
    }
    rows += 1;
    return { kind: 'row', row, location };
  };
  for await (const { value, line, path, elementLines } of readJsonValues(stream, { fileName: file, maxValueBytes: maxPageBytes, signal: context.signal })) {
    const at: SourceLocation = { file, line, path };
    if (!isJsonObject(value)) {
      yield { kind: 'warning', message: 'element is not a JSON object; skipped', location: at };
      continue;
    }
    if (isJsonObject(value.error)) {
      const message = typeof value.error.message === 'string' ? value.error.message : 'no message';
      throw unreadable(`this is a Microsoft Graph error response, not data: ${message.slice(0, 200)}`, at);
    }
    if (!('value' in value)) {
      yield accept(value, at);
      continue;
    }
    const pageContext = typeof value['@odata.context'] === 'string' ? value['@odata.context'] : undefined;
    if (pageContext !== undefined && !collection.context.test(pageContext)) {
      const other = knownContexts.find((known) => known.pattern.test(pageContext));
      throw unreadable(`this page is ${other ? other.label : `"${pageContext.slice(0, 120)}"`}, not ${collection.label}`, at);
    }
    if (!Array.isArray(value.value)) throw unreadable('the page\'s "value" is not an array of rows', at);
    for (const [index, item] of value.value.entries()) {
      const location: SourceLocation = { file, line: elementLines[index] ?? line, path: `${path}/value/${index}` };
      if (!isJsonObject(item)) {
        yield { kind: 'warning', message: 'row is not a JSON object; skipped', location };
        continue;
      }
      yield accept(item, location);
    }
  }
  if (rows === 0) yield { kind: 'warning', message: `the file holds no ${collection.label} rows`, location: { file } };
}

/** Cheap detection: the page's `@odata.context`, else a key only this collection's rows have. */
export function detectGraph(head: string, context: RegExp, keys: readonly string[]): boolean {
  const text = head.trimStart();
  if (!text.startsWith('{') && !text.startsWith('[')) return false;
  const odata = /"@odata\.context"\s*:\s*"([^"]*)"/.exec(text)?.[1];
  if (odata !== undefined) return context.test(odata);
  return keys.some((key) => text.includes(`"${key}"`));
}
