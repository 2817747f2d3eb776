import type { SourceLocation } from '../../core/errors.js';
import type { OsqueryTable } from './osquery-tables.js';
import type { OsqueryRow } from './osquery-values.js';

/** `observedAt` is the `unixTime` of the log line that carried the row, when there is one. */
export type LocatedRow = { row: OsqueryRow; location: SourceLocation; observedAt?: string };

export type HostFacts = {
  assetRef: string;
  hostIdentifier?: string;
  decorations: OsqueryRow;
  /** Latest `unixTime` seen for the host, ISO. */
  lastSeenAt?: string;
  firstLocation: SourceLocation;
};

/**
 * Replays a results log into the current rows of each (host, query). Differential logs say what
 * was added and removed since the previous run, so software that was uninstalled must not be
 * reported: only the state after the last line counts. Rows of unknown tables are never stored.
 */
export class OsqueryState {
  private readonly hosts = new Map<string, HostFacts>();
  // host → query name → table and rows keyed by their content
  private readonly queries = new Map<
    string,
    Map<string, { table: OsqueryTable; rows: Map<string, LocatedRow[]> }>
  >();

  host(assetRef: string, location: SourceLocation): HostFacts {
    let facts = this.hosts.get(assetRef);
    if (!facts) {
      facts = { assetRef, decorations: {}, firstLocation: location };
      this.hosts.set(assetRef, facts);
    }
    return facts;
  }

  private rowsOf(assetRef: string, query: string, table: OsqueryTable): Map<string, LocatedRow[]> {
    let byQuery = this.queries.get(assetRef);
    if (!byQuery) {
      byQuery = new Map();
      this.queries.set(assetRef, byQuery);
    }
    let entry = byQuery.get(query);
    if (!entry) {
      entry = { table, rows: new Map() };
      byQuery.set(query, entry);
    }
    return entry.rows;
  }

  snapshot(assetRef: string, query: string, table: OsqueryTable, rows: LocatedRow[]): void {
    const state = this.rowsOf(assetRef, query, table);
    state.clear();
    for (const row of rows) this.add(assetRef, query, table, row);
  }

  add(assetRef: string, query: string, table: OsqueryTable, row: LocatedRow): void {
    const state = this.rowsOf(assetRef, query, table);
    const key = rowKey(row.row);
    const same = state.get(key);
    if (same) same.push(row);
    else state.set(key, [row]);
  }

  remove(assetRef: string, query: string, table: OsqueryTable, row: OsqueryRow): void {
    const state = this.rowsOf(assetRef, query, table);
    const key = rowKey(row);
    const same = state.get(key);
    same?.shift();
    if (same?.length === 0) state.delete(key);
  }

  hostList(): HostFacts[] {
    return [...this.hosts.values()];
  }

  /** Current rows of one host, grouped by table, in the order they were logged. */
  tablesOf(assetRef: string): Map<OsqueryTable, LocatedRow[]> {
    const tables = new Map<OsqueryTable, LocatedRow[]>();
    for (const { table, rows } of this.queries.get(assetRef)?.values() ?? []) {
      const list = tables.get(table) ?? [];
      for (const same of rows.values()) list.push(...same);
      tables.set(table, list);
    }
    return tables;
  }
}

function rowKey(row: OsqueryRow): string {
  return JSON.stringify(
    Object.keys(row)
      .sort()
      .map((key) => [key, row[key]]),
  );
}
