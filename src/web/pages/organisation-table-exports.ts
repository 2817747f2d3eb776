/**
 * CSV/XLSX downloads of the organisation page's tables: devices (with the page's search and
 * filters), the checks that lost points in the latest assessment, the vulnerability exposure and
 * the alerts. One route per table, each declared with the action its data needs, so the
 * authorisation matrix checks each; the use cases authorise again before the first byte is sent.
 */
import { z } from 'zod';
import { can } from '../../core/authorization.js';
import { isWardError } from '../../core/errors.js';
import type { Action } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { WardRoute } from '../../http/route-definition.js';
import { odsCodeParams } from '../../http/routes/schemas.js';
import { deviceSupport } from '../../services/assessment/device-support.js';
import { latestAssessment } from '../../services/assessment/list-assessments.js';
import type { StoredAssessment } from '../../services/assessment/stored-assessment.js';
import { listOrganisationAlerts } from '../../services/alerts/read-alerts.js';
import type { ServiceContext } from '../../services/context.js';
import { listDevices, type DeviceListItem } from '../../services/devices/list-devices.js';
import { readExposureListing } from '../../services/exposure/cached-organisation-exposure.js';
import { findOrganisation } from '../../services/organisations/find-organisation.js';
import { maxPageSize } from '../../services/paging.js';
import { exportFormats, writeTableExport, type ExportCell, type TableExport } from '../exports/table-export.js';
import { alertStateLabels } from '../view-models/organisation-panels.js';
import { byKevThenCvss, deviceCount, epssText, productsOf } from '../view-models/exposure-view.js';
import { defineWebRoute } from '../web-route.js';
import { deviceFilterQuery, supportLabels } from './organisation-page.js';

type Query = z.output<typeof deviceFilterQuery>;
type Table = Omit<TableExport, 'fileName'> & { name: string };

/** The latest snapshot, or null when the organisation was never assessed or the actor may not read it. */
async function latestOrNull(context: ServiceContext, actor: Actor, odsCode: string, organisationId: string): Promise<StoredAssessment | null> {
  if (!can(actor.principal, 'assessment:read', organisationId)) return null;
  try {
    return await latestAssessment(context, actor, odsCode);
  } catch (error) {
    if (isWardError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

async function devicesTable(context: ServiceContext, actor: Actor, odsCode: string, query: Query): Promise<Table> {
  const organisation = await findOrganisation(context, odsCode);
  const latest = await latestOrNull(context, actor, organisation.odsCode, organisation.id);
  const support = latest ? deviceSupport(latest.checks) : null;
  const deviceIds = support && query.support ? new Set([...support].filter(([, s]) => s.status === query.support).map(([id]) => id)) : undefined;
  const filters = { ...(query.q ? { search: query.q } : {}), ...(query.os ? { os: query.os } : {}), ...(deviceIds ? { deviceIds } : {}), pageSize: maxPageSize };
  // The first page is read (and authorised) before anything is sent; later pages stream.
  const first = await listDevices(context, actor, organisation.odsCode, { ...filters, page: 1 });
  const row = (d: DeviceListItem): ExportCell[] => [
    d.hostname ?? '',
    d.fqdn ?? '',
    d.ipAddresses.join(' '),
    d.osName ?? '',
    d.osVersion ?? '',
    d.assetKind,
    ...(support ? [supportLabels[support.get(d.id)?.status ?? 'unknown']] : []),
    d.firstSeen,
    d.lastSeen,
  ];
  async function* rows(): AsyncGenerator<ExportCell[]> {
    yield* first.items.map(row);
    for (let page = 2; page <= first.pageCount; page += 1) yield* (await listDevices(context, actor, organisation.odsCode, { ...filters, page })).items.map(row);
  }
  return {
    name: 'devices',
    sheetName: 'Devices',
    columns: [{ header: 'Host name', width: 24 }, { header: 'FQDN', width: 30 }, { header: 'IP addresses', width: 30 }, { header: 'Operating system', width: 36 }, { header: 'OS version', width: 16 }, { header: 'Kind', width: 14 }, ...(support ? [{ header: 'Support', width: 22 }] : []), { header: 'First seen', width: 24 }, { header: 'Last seen', width: 24 }],
    rows: rows(),
  };
}

async function checksTable(context: ServiceContext, actor: Actor, odsCode: string): Promise<Table> {
  const organisation = await findOrganisation(context, odsCode);
  // Refuses (403) an actor who may not read assessments; an organisation never assessed exports an empty table.
  let latest: StoredAssessment | null = null;
  try {
    latest = await latestAssessment(context, actor, organisation.odsCode);
  } catch (error) {
    if (!(isWardError(error) && error.code === 'NOT_FOUND')) throw error;
  }
  const titles = new Map((latest?.rules ?? []).map((r) => [r.ruleId, r.title]));
  const failing = (latest?.checks ?? []).filter((c) => c.outcome === 'fail' || c.outcome === 'not-evidenced');
  failing.sort((a, b) => a.ruleId.localeCompare(b.ruleId) || Number(b.outcome === 'fail') - Number(a.outcome === 'fail') || a.subject.name.localeCompare(b.subject.name));
  return {
    name: 'failing-checks',
    sheetName: 'Failing checks',
    columns: [{ header: 'Rule', width: 18 }, { header: 'Requirement', width: 40 }, { header: 'Control', width: 28 }, { header: 'Outcome', width: 14 }, { header: 'Subject', width: 30 }, { header: 'Reasons', width: 80 }, { header: 'Assessment as of', width: 16 }],
    rows: failing.map((c) => [c.ruleId, titles.get(c.ruleId) ?? '', c.control, c.outcome === 'fail' ? 'Failed' : 'Not evidenced', c.subject.name, (c.reasons ?? []).map((r) => r.message).join(' | '), latest?.asOf ?? '']),
  };
}

async function exposureTable(context: ServiceContext, actor: Actor, odsCode: string): Promise<Table> {
  const listing = await readExposureListing(context, actor, odsCode);
  return {
    name: 'exposure',
    sheetName: 'Vulnerability exposure',
    columns: [{ header: 'CVE', width: 18 }, { header: 'CVSS v3', width: 10 }, { header: 'Known exploited (KEV)', width: 12 }, { header: 'EPSS', width: 10 }, { header: 'Devices', width: 10 }, { header: 'Products', width: 60 }, { header: 'Fixed version or update', width: 30 }, { header: 'Fix released', width: 14 }, { header: 'Host names', width: 60 }],
    rows: [...listing.vulnerabilities].sort(byKevThenCvss).map((v) => [
      v.cve,
      v.cvssV3,
      v.kev ? 'Yes' : 'No',
      v.epss === null ? '' : epssText(v.epss),
      deviceCount(v),
      productsOf(v).join('; '),
      v.fixedVersion ?? '',
      v.fixReleasedOn ?? '',
      [...new Set(v.devices.map((d) => d.hostname ?? d.deviceId))].sort().join(' '),
    ]),
  };
}

async function alertsTable(context: ServiceContext, actor: Actor, odsCode: string): Promise<Table> {
  const alerts = await listOrganisationAlerts(context, actor, odsCode);
  return {
    name: 'alerts',
    sheetName: 'Alerts',
    columns: [{ header: 'Reference', width: 16 }, { header: 'Title', width: 40 }, { header: 'Severity', width: 10 }, { header: 'State', width: 24 }, { header: 'Affected devices', width: 12 }, { header: 'Issued', width: 24 }, { header: 'Acknowledged', width: 24 }, { header: 'Acknowledge by', width: 24 }, { header: 'Remediate by', width: 24 }, { header: 'Exception', width: 12 }],
    rows: alerts.map((a) => [a.reference, a.title, a.severity, alertStateLabels[a.state]?.text ?? a.state, a.affectedAssets, a.issuedAt, a.acknowledgedAt ?? '', a.ackDeadline, a.remediationDeadline, a.exceptionState ?? '']),
  };
}

const exportQuery = z.object({ format: z.enum(exportFormats) });

const tables: { table: string; action: Action; summary: string; read: (context: ServiceContext, actor: Actor, odsCode: string, query: Query) => Promise<Table> }[] = [
  { table: 'devices', action: 'device:list', summary: "The organisation's devices as CSV or XLSX, with the page's search and filters", read: devicesTable },
  { table: 'checks', action: 'assessment:read', summary: 'The checks that lost points in the latest assessment as CSV or XLSX', read: (c, a, code) => checksTable(c, a, code) },
  { table: 'exposure', action: 'exposure:read', summary: 'The vulnerability exposure (one row per CVE) as CSV or XLSX', read: (c, a, code) => exposureTable(c, a, code) },
  { table: 'alerts', action: 'alert:read', summary: "The organisation's alerts and their state as CSV or XLSX", read: (c, a, code) => alertsTable(c, a, code) },
];

export const organisationTableExportPages: WardRoute[] = tables.map(({ table, action, summary, read }) =>
  defineWebRoute({
    method: 'GET',
    url: `/organisations/:code/export/${table}`,
    summary,
    access: { kind: 'signed-in', action, organisationParam: 'code' },
    params: odsCodeParams,
    querystring: table === 'devices' ? deviceFilterQuery.extend(exportQuery.shape).strict() : exportQuery.strict(),
    async handler({ context, actor, params, query, reply }) {
      const { format, ...filters } = query as Query & { format: (typeof exportFormats)[number] };
      const { name, ...content } = await read(context, actor, params.code, filters);
      const organisation = await findOrganisation(context, params.code);
      const stamp = context.clock.now().toISOString().slice(0, 10);
      await writeTableExport(reply, { ...content, fileName: `ward-${organisation.odsCode}-${name}-${stamp}` }, format);
      return { sent: true };
    },
  }),
);
