/**
 * A few layout helpers over pdfkit for Ward's reports: headings, paragraphs, tables that break
 * across pages with their header repeated, and a line chart drawn as vectors. Standard fonts only
 * (no font files to ship), so text is reduced to the WinAnsi characters they can print.
 */
import PDFDocument from 'pdfkit';

export type Pdf = InstanceType<typeof PDFDocument>;

const nhsBlue = '#005eb8';
const textColour = '#212b32';
const secondary = '#4c6272';
const border = '#d8dde0';

/** Characters the standard fonts cannot print become readable ASCII (≥ → >=) or '?'. */
export function printable(text: string): string {
  return text
    .replace(/≥/g, '>=')
    .replace(/≤/g, '<=')
    .replace(/→/g, '->')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[^\t\n\r -~\u00a0-\u00ff\u2013\u2014\u2026\u20ac]/g, '?');
}

export function createPdf(info: { title: string; author: string; createdAt: Date }): { doc: Pdf; done: Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 56, right: 56 }, bufferPages: true, info: { Title: printable(info.title), Author: info.author, CreationDate: info.createdAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica').fillColor(textColour);
  return { doc, done };
}

const contentWidth = (doc: Pdf) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Pdf) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when fewer than `height` points remain. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

export function title(doc: Pdf, text: string, subtitle: string): void {
  doc.font('Helvetica-Bold').fontSize(22).fillColor(nhsBlue).text(printable(text), { width: contentWidth(doc) });
  doc.moveDown(0.3).font('Helvetica').fontSize(11).fillColor(secondary).text(printable(subtitle));
  doc.moveDown(1).fillColor(textColour);
}

export function heading(doc: Pdf, text: string, level: 1 | 2 = 1): void {
  ensureSpace(doc, level === 1 ? 80 : 50);
  doc.moveDown(level === 1 ? 0.8 : 0.5);
  doc.x = doc.page.margins.left;
  doc.font('Helvetica-Bold').fontSize(level === 1 ? 16 : 12).fillColor(level === 1 ? nhsBlue : textColour).text(printable(text));
  doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(textColour);
}

export function paragraph(doc: Pdf, text: string, options: { bold?: boolean; size?: number; colour?: string } = {}): void {
  doc.x = doc.page.margins.left;
  doc.font(options.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(options.size ?? 10).fillColor(options.colour ?? textColour).text(printable(text), { width: contentWidth(doc) });
  doc.moveDown(0.4).font('Helvetica').fontSize(10).fillColor(textColour);
}

export function bullets(doc: Pdf, items: readonly string[]): void {
  doc.x = doc.page.margins.left;
  doc.font('Helvetica').fontSize(9.5).list(items.map(printable), { width: contentWidth(doc), bulletRadius: 1.5, textIndent: 10, bulletIndent: 4 });
  doc.moveDown(0.4).fontSize(10);
}

export type Column = { header: string; width: number; align?: 'left' | 'right' };

/** A table whose widths are shares of the content width; rows that do not fit start a page with the header again. */
export function table(doc: Pdf, columns: readonly Column[], rows: readonly (readonly string[])[]): void {
  const left = doc.page.margins.left;
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * contentWidth(doc));
  const padding = 4;
  const drawRow = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const texts = cells.map(printable);
    const height = Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: (widths[i] ?? 0) - 2 * padding }))) + 2 * padding;
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      if (!bold) drawRow(columns.map((c) => c.header), true);
    }
    const top = doc.y;
    let x = left;
    texts.forEach((t, i) => {
      const width = widths[i] ?? 0;
      doc.fillColor(textColour).text(t, x + padding, top + padding, { width: width - 2 * padding, align: columns[i]?.align ?? 'left' });
      x += width;
    });
    doc.moveTo(left, top + height).lineTo(left + contentWidth(doc), top + height).lineWidth(bold ? 1 : 0.5).strokeColor(bold ? secondary : border).stroke();
    doc.x = left;
    doc.y = top + height;
  };
  ensureSpace(doc, 40);
  drawRow(columns.map((c) => c.header), true);
  for (const row of rows) drawRow(row, false);
  doc.moveDown(0.6).font('Helvetica').fontSize(10);
}

/** A line over time on a 0–max scale, with the first and last labels under it. */
export function lineChart(doc: Pdf, points: readonly { label: string; value: number | null }[], options: { max: number; unit: string; height?: number }): void {
  const height = options.height ?? 150;
  ensureSpace(doc, height + 30);
  const left = doc.page.margins.left + 32;
  const width = contentWidth(doc) - 40;
  const top = doc.y + 6;
  doc.font('Helvetica').fontSize(8).fillColor(secondary);
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const y = top + height - fraction * height;
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).strokeColor(border).stroke();
    doc.text(`${Math.round(fraction * options.max)}${options.unit}`, doc.page.margins.left, y - 4, { width: 28, align: 'right' });
  }
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  let drawing = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      drawing = false;
      return;
    }
    const x = left + i * step;
    const y = top + height - (Math.min(p.value, options.max) / options.max) * height;
    if (drawing) doc.lineTo(x, y);
    else doc.moveTo(x, y);
    drawing = true;
  });
  doc.lineWidth(2).strokeColor(nhsBlue).stroke();
  points.forEach((p, i) => {
    if (p.value !== null) doc.circle(left + i * step, top + height - (Math.min(p.value, options.max) / options.max) * height, 2.5).fillColor(nhsBlue).fill();
  });
  const first = points[0];
  const last = points.at(-1);
  doc.fillColor(secondary).fontSize(8);
  if (first) doc.text(printable(first.label), left - 20, top + height + 4, { width: 80 });
  if (last && points.length > 1) doc.text(printable(last.label), left + width - 60, top + height + 4, { width: 80, align: 'right' });
  doc.x = doc.page.margins.left;
  doc.y = top + height + 20;
  doc.fillColor(textColour).fontSize(10);
}

/** Page numbers in the footer of every page, once the content is laid out. */
export function pageNumbers(doc: Pdf, label: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a page: lift the margin for the footer.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor(secondary).text(printable(`${label} – page ${i + 1} of ${range.count}`), doc.page.margins.left, doc.page.height - margin + 20, { width: contentWidth(doc), align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
}
