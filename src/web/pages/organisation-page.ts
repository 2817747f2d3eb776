import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorize, can } from '../../core/authorization.js';
import { invalidInput, isWardError } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { httpStatusByCode } from '../../http/error-statuses.js';
import type { WardRoute } from '../../http/route-definition.js';
import { defaultUploadLimitBytes, defaultUploadsPerMinute } from '../../http/routes/imports.js';
import { odsCodeParams } from '../../http/routes/schemas.js';
import { spoolUpload, type SpooledFile } from '../../http/spool-upload.js';
import type { ServiceContext } from '../../services/context.js';
import { listDevices, unknownOs, type DeviceList } from '../../services/devices/list-devices.js';
import { runAssessment } from '../../services/assessment/run-assessment.js';
import { importEvidence } from '../../services/imports/import-evidence.js';
import type { ImportSummary } from '../../services/imports/import-summary.js';
import { listImports } from '../../services/imports/list-imports.js';
import { findOrganisation } from '../../services/organisations/find-organisation.js';
import { readOrganisationOverview } from '../../services/organisations/read-organisation-overview.js';
import { deviceSupport, supportStatuses, type DeviceSupport, type SupportStatusFilter } from '../../services/assessment/device-support.js';
import { readExposureListing } from '../../services/exposure/cached-organisation-exposure.js';
import { assessmentView } from '../view-models/assessment-view.js';
import { exposureView } from '../view-models/exposure-view.js';
import { alertsView, drillsView, incidentsView, readinessView } from '../view-models/organisation-panels.js';
import { formatBytes, formatDateTime, formatNumber } from '../format.js';
import { pagination } from '../view-models/pagination.js';
import { csrfField, defineWebRoute, type PageResult } from '../web-route.js';
import { kindLabels } from './organisations-page.js';
import { blankToUndefined } from '../view-models/query-values.js';


const organisationQuery = z
  .object({
    q: z.string().max(200).optional(),
    os: z.preprocess(blankToUndefined, z.string().max(200).optional()),
    support: z.preprocess(blankToUndefined, z.enum(supportStatuses).optional()),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
    /** The exposure panel's page. */
    vpage: z.coerce.number().int().min(1).max(1_000_000).optional(),
    imported: z.string().max(64).optional(),
    duplicate: z.literal('1').optional(),
    reported: z.string().max(40).optional(),
  })
  .strict();

type OrganisationQuery = z.output<typeof organisationQuery>;

/** The devices filters as query parameters (the devices export carries the same). */
export const deviceFilterQuery = organisationQuery.pick({ q: true, os: true, support: true });

const devicePageSize = 25;

function pageUrl(code: string, query: OrganisationQuery, changes: Record<string, string | number | undefined>, path = `/organisations/${code}`, fragment = '#devices'): string {
  const merged: Record<string, string | number | undefined> = { q: query.q, os: query.os, support: query.support, page: query.page, vpage: query.vpage, ...changes };
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) if (value !== undefined && value !== '') parameters.set(key, String(value));
  const text = parameters.toString();
  return `${path}${text === '' ? '' : `?${text}`}${fragment}`;
}

export const supportLabels: Record<SupportStatusFilter, string> = { unsupported: 'Unsupported (legacy)', unknown: 'Support not known', supported: 'Supported' };

function devicesView(code: string, devices: DeviceList, query: OrganisationQuery, support: Map<string, DeviceSupport> | null) {
  return {
    total: devices.total,
    page: devices.page,
    pageCount: devices.pageCount,
    rows: devices.items.map((device) => [
      { text: device.hostname ?? device.fqdn ?? device.ipAddresses[0] ?? 'Unnamed device' },
      { text: device.ipAddresses.slice(0, 3).join(', ') + (device.ipAddresses.length > 3 ? ` and ${device.ipAddresses.length - 3} more` : '') },
      { text: [device.osName ?? 'Unknown', device.osVersion ?? ''].join(' ').trim() },
      { text: device.assetKind },
      ...(support ? [{ text: supportLabels[support.get(device.id)?.status ?? 'unknown'] }] : []),
      { text: formatDateTime(device.lastSeen) },
    ]),
    withSupport: support !== null,
    supportItems: support
      ? [{ value: '', text: 'Any support status' }, ...supportStatuses.map((status) => ({ value: status, text: `${supportLabels[status]} (${formatNumber([...support.values()].filter((s) => s.status === status).length)})`, selected: status === query.support }))]
      : [],
    osItems: [{ value: '', text: 'All operating systems' }, ...devices.operatingSystems.map((os) => ({ value: os.name, text: `${os.name === unknownOs ? 'Unknown' : os.name} (${formatNumber(os.count)})`, selected: os.name === query.os }))],
    pagination: pagination(devices, (page) => pageUrl(code, query, { page })),
    filtered: Boolean(query.q || query.os || query.support),
    exportCsv: pageUrl(code, query, { page: undefined, vpage: undefined, format: 'csv' }, `/organisations/${code}/export/devices`, ''),
    exportXlsx: pageUrl(code, query, { page: undefined, vpage: undefined, format: 'xlsx' }, `/organisations/${code}/export/devices`, ''),
  };
}

function importsView(imports: ImportSummary[]) {
  return imports.map((item) => [
    { text: item.fileName },
    { text: item.format },
    { text: formatNumber(item.assets), format: 'numeric' },
    { text: formatNumber(item.software), format: 'numeric' },
    { text: formatNumber(item.findings), format: 'numeric' },
    { text: formatNumber(item.warnings), format: 'numeric' },
    { text: formatBytes(item.sizeBytes) },
    { text: formatDateTime(item.completedAt ?? item.createdAt) },
  ]);
}

/** Everything the organisation page shows; sections the actor may not see are left out, not faked. */
export async function organisationPage(context: ServiceContext, actor: Actor, code: string, query: OrganisationQuery, extra: { uploadError?: string; status?: number } = {}): Promise<PageResult> {
  const overview = await readOrganisationOverview(context, actor, code);
  const { organisation } = overview;
  const principal = actor.principal;
  const latest = overview.assessment?.latest ?? null;
  // Support status (legacy systems) as the latest assessment judged each device.
  const support = latest ? deviceSupport(latest.checks) : null;
  const supportIds = support && query.support ? new Set([...support].filter(([, s]) => s.status === query.support).map(([id]) => id)) : undefined;
  const devices = can(principal, 'device:list', organisation.id)
    ? await listDevices(context, actor, organisation.odsCode, { ...(query.q ? { search: query.q } : {}), ...(query.os ? { os: query.os } : {}), ...(supportIds ? { deviceIds: supportIds } : {}), page: query.page ?? 1, pageSize: devicePageSize })
    : null;
  const imports = can(principal, 'import:list', organisation.id) ? await listImports(context, actor, organisation.odsCode, { limit: 20 }) : null;
  const exposure = can(principal, 'exposure:read', organisation.id) ? await readExposureListing(context, actor, organisation.odsCode) : null;
  const imported = query.imported && imports ? imports.find((item) => item.importId === query.imported) : undefined;
  const due = overview.assessment?.due ?? null;
  return {
    view: 'organisation.njk',
    status: extra.status ?? 200,
    data: {
      organisation: { ...organisation, kindLabel: kindLabels[organisation.kind] ?? organisation.kind },
      lastEvidenceAt: imports?.[0]?.completedAt ?? null,
      canReadAssessment: overview.assessment !== null,
      assessment: overview.assessment ? await assessmentView(organisation.odsCode, latest, overview.assessment.history) : null,
      assessmentDue: due && (latest === null || due.requestedAt > latest.createdAt) ? { reason: due.reason, requestedAt: due.requestedAt } : null,
      canAssess: can(principal, 'assessment:run', organisation.id),
      canRecord: can(principal, 'assessment:record', organisation.id),
      alerts: alertsView(organisation.odsCode, overview.alerts),
      canAcknowledge: can(principal, 'alert:acknowledge', organisation.id),
      readiness: readinessView(overview.readiness),
      drills: drillsView(overview.drills),
      incidents: incidentsView(overview.incidents),
      canReportIncident: can(principal, 'incident:report', organisation.id),
      devices: devices ? devicesView(organisation.odsCode, devices, query, support) : null,
      deviceQuery: { q: query.q ?? '', os: query.os ?? '', support: query.support ?? '' },
      exposure: exposure ? exposureView(organisation.odsCode, exposure, query.vpage ?? 1, (vpage) => pageUrl(organisation.odsCode, query, { vpage }, `/organisations/${organisation.odsCode}`, '#exposure')) : null,
      imports: imports ? importsView(imports) : [],
      canListImports: imports !== null,
      canUpload: can(principal, 'import:create', organisation.id),
      imported: imported ? { ...imported, duplicate: query.duplicate === '1' } : null,
      uploadError: extra.uploadError ?? null,
      reported: query.reported ?? null,
      csrfField,
      uploadLimit: formatBytes(defaultUploadLimitBytes),
    },
  };
}

/** Reads the multipart form: the CSRF field must come before the file, so nothing is stored for a forged post. */
async function readUpload(request: FastifyRequest, verifyCsrf: (value: string | undefined) => void, limitBytes: number): Promise<{ spooled: SpooledFile; fileName: string } | null> {
  if (!request.isMultipart()) {
    verifyCsrf(undefined);
    throw invalidInput('Send the form with a file', { file: 'required' });
  }
  let upload: { spooled: SpooledFile; fileName: string } | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === csrfField) verifyCsrf(typeof part.value === 'string' ? part.value : undefined);
        continue;
      }
      verifyCsrf(undefined);
      if (part.fieldname !== 'file' || upload !== null || part.filename === '') {
        part.file.resume();
        continue;
      }
      upload = { spooled: await spoolUpload(part.file, limitBytes), fileName: part.filename };
    }
  } catch (error) {
    await upload?.spooled.remove();
    throw error;
  }
  verifyCsrf(undefined);
  if (upload !== null && upload.spooled.bytes === 0) {
    await upload.spooled.remove();
    return null;
  }
  return upload;
}

/** The name as the user knows it, without a path or control characters. */
function safeFileName(name: string): string {
  const last = name.split(/[\\/]/).at(-1) ?? '';
  const base = Array.from(last, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? '' : c)).join('').trim();
  return base === '' ? 'upload' : base.slice(0, 255);
}

const shownUploadErrors = new Set(['INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'INGEST_UNKNOWN_FORMAT', 'INGEST_UNREADABLE', 'CONFLICT']);

export function organisationPages(options: { uploadLimitBytes?: number; uploadsPerMinute?: number } = {}): WardRoute[] {
  const limitBytes = options.uploadLimitBytes ?? defaultUploadLimitBytes;
  return [
    defineWebRoute({
      method: 'GET',
      url: '/organisations/:code',
      summary: 'Organisation page: score and checks, remediation plan, trend, alerts, readiness, drills, incidents, devices, imports and the upload form',
      access: { kind: 'signed-in', action: 'org:read', organisationParam: 'code' },
      params: odsCodeParams,
      querystring: organisationQuery,
      handler: ({ context, actor, params, query }) => organisationPage(context, actor, params.code, query),
    }),
    defineWebRoute({
      method: 'POST',
      url: '/organisations/:code/imports',
      summary: 'Upload an evidence file from the organisation page',
      access: { kind: 'signed-in', action: 'import:create', organisationParam: 'code' },
      params: odsCodeParams,
      form: 'multipart',
      fileLimitBytes: limitBytes,
      rateLimit: { max: options.uploadsPerMinute ?? defaultUploadsPerMinute, timeWindow: '1 minute' },
      async handler({ context, actor, params, request, verifyCsrf }) {
        // Refuse before reading a byte: an unauthorised caller must not make us store the file.
        const organisation = await getOrganisationForUpload(context, actor, params.code);
        let upload: Awaited<ReturnType<typeof readUpload>>;
        try {
          upload = await readUpload(request, verifyCsrf, limitBytes);
        } catch (error) {
          if (isWardError(error) && error.code === 'PAYLOAD_TOO_LARGE') return organisationPage(context, actor, organisation, {}, { uploadError: error.message, status: 413 });
          if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') return organisationPage(context, actor, organisation, {}, { uploadError: `The file is larger than the ${formatBytes(limitBytes)} allowed`, status: 413 });
          throw error;
        }
        if (upload === null) return organisationPage(context, actor, organisation, {}, { uploadError: 'Choose a file to upload', status: 400 });
        try {
          const summary = await importEvidence(context, actor, { odsCode: organisation, filePath: upload.spooled.path, fileName: safeFileName(upload.fileName) });
          return { redirect: `/organisations/${organisation}?imported=${summary.importId}${summary.duplicate ? '&duplicate=1' : ''}#imports` };
        } catch (error) {
          if (isWardError(error) && shownUploadErrors.has(error.code)) {
            return await organisationPage(context, actor, organisation, {}, { uploadError: `${upload.fileName}: ${error.message}`, status: httpStatusByCode[error.code] });
          }
          throw error;
        } finally {
          await upload.spooled.remove();
        }
      },
    }),
    defineWebRoute({
      method: 'POST',
      url: '/organisations/:code/assessments',
      summary: 'Assess the organisation now (the "Assess now" button) and show the new score',
      access: { kind: 'signed-in', action: 'assessment:run', organisationParam: 'code' },
      params: odsCodeParams,
      form: 'urlencoded',
      async handler({ context, actor, params }) {
        const result = await runAssessment(context, actor, { odsCode: params.code });
        return { redirect: `/organisations/${result.odsCode}#assessment` };
      },
    }),
  ];
}

async function getOrganisationForUpload(context: ServiceContext, actor: Actor, code: string): Promise<string> {
  const organisation = await findOrganisation(context, code);
  authorize(actor.principal, 'import:create', organisation.id);
  return organisation.odsCode;
}

