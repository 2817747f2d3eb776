import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export type ExportCell = string | number | null;
export type ExportFormat = 'csv' | 'xlsx';
export const exportFormats = ['csv', 'xlsx'] as const;

export type TableExport = {
  /** The download's name without extension, e.g. `ward-organisations-2026-11-29`. */
  fileName: string;
  sheetName: string;
  columns: { header: string; width?: number }[];
  rows: AsyncIterable<ExportCell[]> | Iterable<ExportCell[]>;
};

/**
 * A spreadsheet opens a cell starting with = + - @ (or a tab or carriage return) as a formula;
 * such text is written with a leading apostrophe so an organisation name cannot run one.
 */
export function neutraliseFormula(value: ExportCell): string | number {
  if (value === null) return '';
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Streams a table as CSV (with a BOM, for Excel) or XLSX (exceljs' streaming writer) with a
 * download name. Callers do their authorisation and first query before calling, so a refusal is
 * still a clean error page rather than a broken download.
 */
export async function writeTableExport(reply: FastifyReply, table: TableExport, format: ExportFormat): Promise<void> {
  reply.header('cache-control', 'no-store');
  reply.header('content-disposition', `attachment; filename="${table.fileName}.${format}"`);
  if (format === 'csv') {
    const csv = stringify({ header: true, columns: table.columns.map((c, index) => ({ key: String(index), header: c.header })), bom: true });
    reply.type('text/csv; charset=utf-8');
    void reply.send(csv);
    try {
      for await (const row of table.rows) csv.write(row.map(neutraliseFormula));
      csv.end();
    } catch (error) {
      csv.destroy(error instanceof Error ? error : new Error(String(error)));
    }
    return;
  }
  const stream = new PassThrough();
  reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  void reply.send(stream);
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
    const sheet = workbook.addWorksheet(table.sheetName.slice(0, 31));
    sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(12, c.header.length + 2) }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const row of table.rows) sheet.addRow(row.map(neutraliseFormula)).commit();
    sheet.commit();
    await workbook.commit();
  } catch (error) {
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
