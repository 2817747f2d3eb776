/**
 * Reading the rows of any Defender for Endpoint export, whatever its wrapping:
 *
 * - JSON as the API returns it: one page `{"@odata.context": …, "value": [rows], "@odata.nextLink": …}`,
 *   several pages one after another (what the connector spools and what a `curl` loop saves), or a
 *   JSON array of pages;
 * - the "via files" export: JSON lines, one row per line (gzipped; the import unwraps gzip), or a
 *   JSON array of rows;
 * - CSV with a header row: the portal's exports (its column captions are listed as aliases by each
 *   format) or any CSV whose headers are the API property names in any case (`DeviceId`,
 *   `deviceId`, `Device Id`: headers are compared without case, spaces or punctuation).
 *
 * Every row comes back with its keys renamed to the API's camelCase property names, and with its
 * location: `file:line` and a path such as `/2/value/17` (the 18th row of the third page).
 */
import type { Readable } from 'node:stream';
import type { SourceLocation } from '../../core/errors.js';
import type { IngestWarning } from '../evidence.js';
import type { ParseContext } from '../evidence-format.js';
import { readCsvRows } from '../text/csv-rows.js';
import { isJsonObject, type JsonObject } from '../text/json-values.js';
import { peekFirstCharacter } from '../text/peek-stream.js';
import { readJsonValues } from '../text/read-json-values.js';
import { unreadable } from '../text/unreadable.js';

export type DefenderEntity = {
  /** Words used in messages, e.g. "device inventory (/api/machines)". */
  label: string;
  /** Matches the `@odata.context` of this entity's API pages. */
  context: RegExp;
  /** API property names (camelCase) this parser reads; other keys are kept as they come. */
  properties: readonly string[];
  /** A row must have one of these to be this entity at all (checked on the first row). */
  identifying: readonly string[];
  /** Portal CSV captions (normalised: lower case, letters and digits only) → API property. */
  aliases?: Readonly<Record<string, string>>;
};

export type DefenderRow = { kind: 'row'; row: JsonObject; location: SourceLocation };

export type DefenderLimits = { maxValueBytes: number; maxLineBytes: number };

export const defaultDefenderLimits: DefenderLimits = { maxValueBytes: 256 * 1024 * 1024, maxLineBytes: 1024 * 1024 };

export const normaliseKey = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Other entities' page contexts, so a page of the wrong kind is named in the error. */
const knownContexts: { pattern: RegExp; label: string }[] = [
  { pattern: /\$metadata#Machines\b/i, label: 'device inventory (/api/machines)' },
  { pattern: /DeviceAvInfo/i, label: 'antivirus health (/api/deviceavinfo)' },
  { pattern: /AssetConfiguration/i, label: 'secure configuration assessment' },
  { pattern: /Vulnerabilit/i, label: 'software vulnerabilities' },
  { pattern: /AssetSoftware|SoftwareInventory/i, label: 'software inventory' },
];

export async function* readDefenderRows(
  input: Readable,
  context: ParseContext,
  entity: DefenderEntity,
  limits: DefenderLimits = defaultDefenderLimits,
): AsyncGenerator<DefenderRow | IngestWarning> {
  const file = context.fileName;
  const keyMap = new Map<string, string>();
  for (const property of entity.properties) keyMap.set(normaliseKey(property), property);
  for (const [alias, property] of Object.entries(entity.aliases ?? {})) keyMap.set(alias, property);
  const rename = (row: JsonObject): JsonObject => {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(row)) out[keyMap.get(normaliseKey(key)) ?? key] = value;
    return out;
  };
  let checked = false;
  const check = (row: JsonObject, location: SourceLocation): void => {
    if (checked) return;
    checked = true;
    if (!entity.identifying.some((key) => row[key] !== undefined && row[key] !== null)) {
      throw unreadable(`not a Defender ${entity.label} export: the first row has no ${entity.identifying.join(' or ')}`, location);
    }
  };

  const { first, stream } = await peekFirstCharacter(input);
  if (first === undefined) throw unreadable('the file is empty', { file, line: 1 });
  if (first === '{' || first === '[') {
    let rows = 0;
    for await (const { value, line, path, elementLines } of readJsonValues(stream, { fileName: file, maxValueBytes: limits.maxValueBytes, signal: context.signal })) {
      const at: SourceLocation = { file, line, path };
      if (!isJsonObject(value)) {
        yield { kind: 'warning', message: 'element is not a JSON object; skipped', location: at };
        continue;
      }
      if (Array.isArray(value.exportFiles)) {
        throw unreadable('this is the "via files" answer listing download URLs, not data: download the files it lists and import those', at);
      }
      if (isJsonObject(value.error)) {
        const message = typeof value.error.message === 'string' ? value.error.message : 'no message';
        throw unreadable(`this is an API error response, not data: ${message.slice(0, 200)}`, at);
      }
      if (!('value' in value)) {
        const row = rename(value);
        check(row, at);
        rows += 1;
        yield { kind: 'row', row, location: at };
        continue;
      }
      const pageContext = typeof value['@odata.context'] === 'string' ? value['@odata.context'] : undefined;
      if (pageContext !== undefined && !entity.context.test(pageContext)) {
        const other = knownContexts.find((known) => known.pattern.test(pageContext));
        if (other) throw unreadable(`this page is Defender ${other.label}, not ${entity.label}`, at);
      }
      if (!Array.isArray(value.value)) throw unreadable('the page\'s "value" is not an array of rows', at);
      for (const [index, item] of value.value.entries()) {
        const location: SourceLocation = { file, line: elementLines[index] ?? line, path: `${path}/value/${index}` };
        if (!isJsonObject(item)) {
          yield { kind: 'warning', message: 'row is not a JSON object; skipped', location };
          continue;
        }
        const row = rename(item);
        check(row, location);
        rows += 1;
        yield { kind: 'row', row, location };
      }
    }
    if (rows === 0) yield { kind: 'warning', message: `the file holds no ${entity.label} rows`, location: { file } };
    return;
  }

  let header: string[] = [];
  for await (const item of readCsvRows(stream, { fileName: file, maxLineBytes: limits.maxLineBytes, signal: context.signal })) {
    if (item.kind === 'header') {
      header = item.fields;
      const known = header.filter((field) => keyMap.has(normaliseKey(field)));
      if (known.length === 0) throw unreadable(`not a Defender ${entity.label} export: no column is one Ward knows`, { file, line: 1 });
      continue;
    }
    const location: SourceLocation = { file, line: item.line };
    if (item.problems.length > 0) {
      yield { kind: 'warning', message: `CSV row is malformed (${item.problems.join('; ')}); skipped`, location };
      continue;
    }
    const row: JsonObject = {};
    for (const [key, value] of Object.entries(item.values)) {
      if (value.trim() === '') continue;
      row[keyMap.get(normaliseKey(key)) ?? key] = value.trim();
    }
    check(row, location);
    yield { kind: 'row', row, location };
  }
  if (header.length === 0) throw unreadable('the file has no CSV header', { file, line: 1 });
}
