import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BulkTable, BulkValue, BulkWriter } from './bulk-writer.js';

/** A COPY per megabyte per table: large enough that the statement's round trip is noise. */
const defaultFlushBytes = 1024 * 1024;

/** Lines are kept as bytes: a string would keep alive every parser chunk its values were cut from. */
type Pending = { table: BulkTable; lines: Buffer[]; bytes: number };

/**
 * PostgreSQL adapter: `COPY … FROM STDIN` (text format) with pg-copy-streams on the client that
 * holds the import's transaction. One client runs one COPY at a time, so rows are buffered per
 * table and each buffer is copied when it fills or on flush; the caller goes on while the server
 * loads the last buffer sent.
 */
export class CopyBulkWriter implements BulkWriter {
  private readonly pending = new Map<string, Pending>();
  /** The COPY the server is still loading while the caller goes on producing rows. */
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly flushBytes = defaultFlushBytes,
  ) {}

  async write(table: BulkTable, row: readonly BulkValue[]): Promise<void> {
    let batch = this.pending.get(table.name);
    if (!batch) {
      batch = { table, lines: [], bytes: 0 };
      this.pending.set(table.name, batch);
    }
    let line = '';
    for (let column = 0; column < row.length; column++) line += (column === 0 ? '' : '\t') + encode(row[column] ?? null);
    line += '\n';
    const bytes = Buffer.from(line, 'utf8');
    batch.lines.push(bytes);
    batch.bytes += bytes.length;
    if (batch.bytes >= this.flushBytes) await this.copy(batch);
  }

  async flush(): Promise<void> {
    for (const batch of this.pending.values()) if (batch.lines.length > 0) await this.copy(batch);
    const last = this.inFlight;
    this.inFlight = undefined;
    await last;
  }

  private async copy(batch: Pending): Promise<void> {
    for (const parent of batch.table.references ?? []) {
      const queued = this.pending.get(parent);
      if (queued && queued.lines.length > 0) await this.copy(queued);
    }
    const data = Buffer.concat(batch.lines, batch.bytes);
    batch.lines = [];
    batch.bytes = 0;
    // One COPY at a time on the connection, but without waiting for the server to finish it: the
    // next megabyte is parsed while the server loads this one (two cores, both busy). A failed
    // COPY surfaces at the next COPY or at flush, and fails the transaction either way.
    const previous = this.inFlight;
    this.inFlight = undefined;
    await previous;
    const columns = batch.table.columns.map((c) => `"${c}"`).join(',');
    const sink = this.client.query(copyFrom(`copy "${batch.table.name}" (${columns}) from stdin`));
    const loading = pipeline(Readable.from([data]), sink);
    // Awaited later; until then a rejection must not count as unhandled.
    loading.catch(() => undefined);
    this.inFlight = loading;
  }
}

/** COPY text format: \N is null; backslash, tab, newline and carriage return are escaped. */
const special = /[\\\t\n\r]/;
const specials = /[\\\t\n\r]/g;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escape = (c: string): string => escapes[c] ?? c;

function encode(value: BulkValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  // Most values need no escape: testing first avoids building a copy of each.
  return special.test(value) ? value.replace(specials, escape) : value;
}
