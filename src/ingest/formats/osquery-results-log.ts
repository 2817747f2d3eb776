import type { SourceLocation } from '../../core/errors.js';
import type { IngestWarning } from '../evidence.js';
import type { OsqueryState } from './osquery-state.js';
import { tableFromColumns, tableFromName, type OsqueryTable } from './osquery-tables.js';
import { isoFromUnixSeconds, toRow, type OsqueryRow } from './osquery-values.js';

type LogLine = Record<string, unknown>;

/** True when a parsed line has the shape of a results-log entry (event, batch or snapshot). */
export function isResultsLine(value: unknown): value is LogLine {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const line = value as LogLine;
  return typeof line.name === 'string' && ('snapshot' in line || 'diffResults' in line || 'columns' in line);
}

function rows(value: unknown): OsqueryRow[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list: OsqueryRow[] = [];
  for (const item of value) {
    const row = toRow(item);
    if (!row) return undefined;
    list.push(row);
  }
  return list;
}

/**
 * Applies one results-log line to the state. Field names are those of osquery's logging
 * documentation (docs/wiki/deployment/logging.md): `name`, `hostIdentifier` (older event lines
 * say `hostname`), `calendarTime`, `unixTime`, `decorations`, and one of `snapshot` (with action
 * "snapshot"), `diffResults.added/removed` (batched) or `action` + `columns` (event).
 */
export class ResultsLogReader {
  private readonly tables = new Map<string, OsqueryTable | null>();

  constructor(
    private readonly state: OsqueryState,
    private readonly fileName: string,
  ) {}

  apply(line: LogLine, location: SourceLocation): IngestWarning[] {
    const query = line.name as string;
    const decorations = toRow(line.decorations) ?? {};
    const hostIdentifier = [line.hostIdentifier, line.hostname, decorations.hostname].find(
      (v): v is string => typeof v === 'string' && v.trim() !== '',
    );
    const observedAt = isoFromUnixSeconds(line.unixTime);

    let added: OsqueryRow[] | undefined;
    let removed: OsqueryRow[] = [];
    let replace = false;
    if ('snapshot' in line) {
      added = rows(line.snapshot);
      replace = true;
    } else if ('diffResults' in line) {
      const diff = line.diffResults as Record<string, unknown> | null;
      added = rows(diff?.added ?? []);
      removed = rows(diff?.removed ?? []) ?? [];
    } else {
      const row = toRow(line.columns);
      if (row && line.action === 'removed') {
        added = [];
        removed = [row];
      } else if (row && line.action === 'added') added = [row];
    }
    if (!added)
      return [
        {
          kind: 'warning',
          message: `query "${query}": rows are not in the results-log shape; line skipped`,
          location,
        },
      ];

    const table = this.tableOf(query, added[0] ?? removed[0]);
    if (table === null) {
      if (this.tables.has(`warned:${query}`)) return [];
      this.tables.set(`warned:${query}`, null);
      return [
        {
          kind: 'warning',
          message: `query "${query}": table not recognised; its rows are ignored`,
          location,
        },
      ];
    }
    if (table === undefined) return [];

    const assetRef = hostIdentifier ?? `osquery:${this.fileName}`;
    const host = this.state.host(assetRef, location);
    if (hostIdentifier) host.hostIdentifier ??= hostIdentifier;
    Object.assign(host.decorations, decorations);
    if (observedAt && (!host.lastSeenAt || observedAt > host.lastSeenAt)) host.lastSeenAt = observedAt;

    const located = added.map((row) => (observedAt ? { row, location, observedAt } : { row, location }));
    if (replace) this.state.snapshot(assetRef, query, table, located);
    else {
      for (const row of removed) this.state.remove(assetRef, query, table, row);
      for (const row of located) this.state.add(assetRef, query, table, row);
    }
    return [];
  }

  /** null: known to be unsupported; undefined: cannot tell yet (no rows so far). */
  private tableOf(query: string, sample: OsqueryRow | undefined): OsqueryTable | null | undefined {
    const known = this.tables.get(query);
    if (known !== undefined) return known;
    const table = (sample && tableFromColumns(new Set(Object.keys(sample)))) ?? tableFromName(query);
    if (table) {
      this.tables.set(query, table);
      return table;
    }
    if (!sample) return undefined;
    this.tables.set(query, null);
    return null;
  }
}
