import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../../services/context.js';
import { searchOrganisations, type OrganisationListItem, type OrganisationSearch } from '../../services/organisations/search-organisations.js';

const exportPageSize = 500;

const columns: { header: string; key: string; width: number; value: (organisation: OrganisationListItem) => string | number }[] = [
  { header: 'ODS code', key: 'odsCode', width: 10, value: (o) => o.odsCode },
  { header: 'Organisation', key: 'name', width: 60, value: (o) => o.name },
  { header: 'Kind', key: 'kind', width: 14, value: (o) => o.kind },
  { header: 'Region', key: 'region', width: 30, value: (o) => o.region ?? '' },
  { header: 'Devices', key: 'devices', width: 10, value: (o) => o.deviceCount },
  { header: 'Imports', key: 'imports', width: 10, value: (o) => o.importCount },
  { header: 'Newest evidence', key: 'lastEvidenceAt', width: 26, value: (o) => o.lastEvidenceAt ?? '' },
];

/**
 * A spreadsheet opens a cell starting with = + - @ (or a tab or carriage return) as a formula;
 * such text is written with a leading apostrophe so an organisation name cannot run one.
 */
export function neutraliseFormula(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Every organisation matching the search, page by page, so an export never holds the whole list. */
async function* everyOrganisation(context: ServiceContext, actor: Actor, search: OrganisationSearch): AsyncGenerator<OrganisationListItem> {
  for (let page = 1; ; page += 1) {
    const result = await searchOrganisations(context, actor, { ...search, page, pageSize: exportPageSize });
    yield* result.items;
    if (page >= result.pageCount) return;
  }
}

/** Streams the organisations list as CSV or XLSX (exceljs' streaming writer) with a download name. */
export async function writeOrganisationsExport(context: ServiceContext, actor: Actor, search: OrganisationSearch, format: 'csv' | 'xlsx', reply: FastifyReply): Promise<void> {
  // Authorisation and the first query happen before any byte is sent, so a refusal is still a clean error page.
  const rows = everyOrganisation(context, actor, search);
  const first = await rows.next();
  const stamp = context.clock.now().toISOString().slice(0, 10);
  reply.header('cache-control', 'no-store');
  reply.header('content-disposition', `attachment; filename="ward-organisations-${stamp}.${format}"`);
  if (format === 'csv') {
    const csv = stringify({ header: true, columns: columns.map((c) => ({ key: c.key, header: c.header })), bom: true });
    reply.type('text/csv; charset=utf-8');
    void reply.send(csv);
    const write = (organisation: OrganisationListItem) => Object.fromEntries(columns.map((c) => [c.key, neutraliseFormula(c.value(organisation))]));
    try {
      if (!first.done) csv.write(write(first.value));
      for await (const organisation of rows) csv.write(write(organisation));
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
    const sheet = workbook.addWorksheet('Organisations');
    sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    const add = (organisation: OrganisationListItem) => sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, neutraliseFormula(c.value(organisation))]))).commit();
    if (!first.done) add(first.value);
    for await (const organisation of rows) add(organisation);
    sheet.commit();
    await workbook.commit();
  } catch (error) {
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
