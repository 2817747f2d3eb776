import type PDFDocument from 'pdfkit';
import type { Cell, NationalTable } from './national-tables.js';

type Doc = InstanceType<typeof PDFDocument>;

const nhsBlue = '#005eb8';
const textColour = '#212b32';
const ruleColour = '#d8dde0';
const rowHeight = 16;
const fontSize = 9;
/** Wide tables (many columns) are set smaller rather than breaking words. */
const wideFontSize = 7.5;

const show = (cell: Cell) => (cell === null ? '–' : typeof cell === 'number' ? cell.toLocaleString('en-GB') : cell);

/** A section heading in NHS blue, on a new page when fewer than `keep` points remain. */
export function heading(doc: Doc, text: string, keep = 120): void {
  if (doc.y + keep > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).fillColor(nhsBlue).text(text, doc.page.margins.left).moveDown(0.3).fillColor(textColour);
}

/**
 * A table in the manner of the national audit's: bold header on a rule, numbers right-aligned, a
 * thin rule under each row, the header repeated on every page the table runs on. Each column gets
 * at least its longest word (text wraps at spaces) and shares the rest by how much it could use.
 */
export function drawTable(doc: Doc, table: NationalTable, emptyText = 'None.'): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  if (table.rows.length === 0) {
    doc.font('Helvetica').fontSize(fontSize + 1).text(emptyText, left);
    return;
  }
  let size = fontSize;
  let widths = columnWidths(doc, table, width, size);
  if (widths === null) {
    size = wideFontSize;
    widths = columnWidths(doc, table, width, size) ?? table.columns.map(() => width / table.columns.length);
  }
  const columns = widths;
  const drawRow = (cells: string[], bold: boolean) => {
    const heights = cells.map((text, index) => doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).heightOfString(text, { width: (columns[index] ?? 0) - 6 }));
    const height = Math.max(rowHeight, ...heights.map((h) => h + 6));
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!bold) drawRow(table.columns.map((c) => c.header), true);
    }
    const top = doc.y;
    let x = left;
    cells.forEach((text, index) => {
      const w = columns[index] ?? 0;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).fillColor(textColour).text(text, x + 3, top + 3, { width: w - 6, align: table.columns[index]?.numeric ? 'right' : 'left' });
      x += w;
    });
    doc.moveTo(left, top + height).lineTo(left + width, top + height).lineWidth(bold ? 1 : 0.5).strokeColor(bold ? textColour : ruleColour).stroke();
    doc.x = left;
    doc.y = top + height;
  };
  drawRow(table.columns.map((c) => c.header), true);
  for (const row of table.rows) drawRow(row.map((cell) => show(cell)), false);
  doc.moveDown(0.5);
}

/** Column widths, or null when the longest words alone do not fit at this size. */
function columnWidths(doc: Doc, table: NationalTable, width: number, size: number): number[] | null {
  const measure = (text: string, bold: boolean) => doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).widthOfString(text) + 8;
  const words = (text: string, bold: boolean) => Math.max(...text.split(/\s+/).map((word) => measure(word, bold)));
  const least = table.columns.map((column, index) => Math.max(words(column.header, true), ...table.rows.map((row) => words(show(row[index] ?? null), false))));
  const natural = table.columns.map((column, index) => Math.max(least[index] ?? 0, ...table.rows.map((row) => measure(show(row[index] ?? null), false))));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  if (sum(natural) <= width) return natural.map((w) => (w / sum(natural)) * width);
  if (sum(least) > width) return null;
  const spare = width - sum(least);
  const wanted = sum(natural) - sum(least);
  return least.map((w, index) => w + (((natural[index] ?? w) - w) / wanted) * spare);
}
