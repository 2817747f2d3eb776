import type { FastifyReply } from 'fastify';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../../services/context.js';
import { searchOrganisations, type CePlusStanding, type OrganisationListItem, type OrganisationSearch } from '../../services/organisations/search-organisations.js';
import { writeTableExport, type ExportCell, type ExportFormat } from '../exports/table-export.js';

export { neutraliseFormula } from '../exports/table-export.js';

const exportPageSize = 500;

/** How the list and its export name an organisation's CE+ standing. */
export const standingLabels: Record<CePlusStanding, string> = { pass: 'Yes', acceptable: 'Acceptable', fail: 'No', 'not-assessed': 'Not assessed' };

const columns: { header: string; width: number; value: (organisation: OrganisationListItem) => ExportCell }[] = [
  { header: 'ODS code', width: 10, value: (o) => o.odsCode },
  { header: 'Organisation', width: 60, value: (o) => o.name },
  { header: 'Kind', width: 14, value: (o) => o.kind },
  { header: 'Region', width: 30, value: (o) => o.region ?? '' },
  { header: 'Devices', width: 10, value: (o) => o.deviceCount },
  { header: 'Imports', width: 10, value: (o) => o.importCount },
  { header: 'Latest score (%)', width: 16, value: (o) => (o.latestPercent === null ? null : Math.round(o.latestPercent * 10) / 10) },
  { header: 'CE+ pass', width: 14, value: (o) => standingLabels[o.standing] },
  { header: 'Legacy devices', width: 14, value: (o) => o.legacyDevices },
  { header: 'Open alerts', width: 12, value: (o) => o.openAlerts },
  { header: 'Newest evidence', width: 26, value: (o) => o.lastEvidenceAt ?? '' },
];

/** Every organisation matching the search, page by page, so an export never holds the whole list. */
async function* everyOrganisation(context: ServiceContext, actor: Actor, search: OrganisationSearch, first: { items: OrganisationListItem[]; pageCount: number }): AsyncGenerator<ExportCell[]> {
  const row = (o: OrganisationListItem) => columns.map((c) => c.value(o));
  yield* first.items.map(row);
  for (let page = 2; page <= first.pageCount; page += 1) {
    const result = await searchOrganisations(context, actor, { ...search, page, pageSize: exportPageSize });
    yield* result.items.map(row);
  }
}

/** Streams the organisations list as CSV or XLSX with a download name. */
export async function writeOrganisationsExport(context: ServiceContext, actor: Actor, search: OrganisationSearch, format: ExportFormat, reply: FastifyReply): Promise<void> {
  // Authorisation and the first query happen before any byte is sent, so a refusal is still a clean error page.
  const first = await searchOrganisations(context, actor, { ...search, page: 1, pageSize: exportPageSize });
  const stamp = context.clock.now().toISOString().slice(0, 10);
  await writeTableExport(reply, { fileName: `ward-organisations-${stamp}`, sheetName: 'Organisations', columns, rows: everyOrganisation(context, actor, search, first) }, format);
}
