import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { isWardError } from '../../core/errors.js';
import { readCsvRows, type CsvRow } from './csv-rows.js';

const options = { fileName: 'inventory.csv', maxLineBytes: 1024 * 1024 };

async function rowsOf(text: string): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const item of readCsvRows(Readable.from([Buffer.from(text)]), options)) if (item.kind === 'row') rows.push(item);
  return rows;
}

test('quoted fields may span lines; each row keeps the line it starts on', async () => {
  const rows = await rowsOf('hostname,notes\nWS-1,"two\nlines"\nWS-2,plain\n');
  assert.deepEqual(rows.map((r) => [r.values.hostname, r.values.notes, r.line]), [['WS-1', 'two\nlines', 2], ['WS-2', 'plain', 4]]);
});

test('a quote never closed refuses the file at the line where it opened, instead of swallowing the rows after it', async () => {
  const later = 'WS-3,DEF,Windows\n'.repeat(50);
  await assert.rejects(rowsOf(`hostname,serial,os_name\nWS-1,ABC,Windows\n"WS-2,ABC,Windows\n${later}`), (error: unknown) => {
    assert.ok(isWardError(error));
    assert.equal(error.code, 'INGEST_UNREADABLE');
    assert.match(error.message, /^inventory\.csv:3: a quoted field opened on this line is never closed/);
    assert.deepEqual(error.details.location, { file: 'inventory.csv', line: 3 });
    return true;
  });
});
