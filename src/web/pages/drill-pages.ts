/** The national drill pages: the list, the start-a-drill form, the drill report with its export, and closing a drill. */
import { z } from 'zod';
import { authorize, can } from '../../core/authorization.js';
import { WardError } from '../../core/errors.js';
import { organisationKinds } from '../../core/organisation.js';
import type { Actor } from '../../core/principal.js';
import type { WardRoute } from '../../http/route-definition.js';
import { referenceParams } from '../../http/routes/drills.js';
import { closeDrill } from '../../services/drills/close-drill.js';
import { drillReport, listDrills } from '../../services/drills/drill-report.js';
import { startDrill } from '../../services/drills/start-drill.js';
import type { ServiceContext } from '../../services/context.js';
import { searchOrganisations } from '../../services/organisations/search-organisations.js';
import { pageWindow, toPage } from '../../services/paging.js';
import { messageChannels, type MessageChannel } from '../../services/readiness/contact-view.js';
import { renderBarChart } from '../charts/bar-chart.js';
import { exportFormats, writeTableExport } from '../exports/table-export.js';
import { formatDateTime } from '../format.js';
import { acknowledgementBands, channelLabels, channelRows, drillExportColumns, drillListRows, drillOrganisationRows, drillOrganisations, drillOrganisationShows, drillStateLabels, duration } from '../view-models/drill-view.js';
import { pagination } from '../view-models/pagination.js';
import { csrfField, defineWebRoute, type PageResult } from '../web-route.js';
import { errorList, fieldError } from './organisation-form-pages.js';
import { kindLabels } from './organisations-page.js';
import { blankToUndefined } from '../view-models/query-values.js';

type Form = Record<string, string>;

const reportQuery = z
  .object({
    show: z.preprocess(blankToUndefined, z.enum(drillOrganisationShows).optional()),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
    closed: z.literal('1').optional(),
  })
  .strict();

const channelField = (channel: MessageChannel) => `channel-${channel}`;
const formFields = new Set(['title', 'windowHours', 'region', 'kind', 'odsCodes', 'channels']);
const everyChannel: Form = Object.fromEntries(messageChannels.map((c) => [channelField(c), 'yes']));

async function drillForm(context: ServiceContext, actor: Actor, form: Form, errors: Record<string, string> | null, status = 200): Promise<PageResult> {
  authorize(actor.principal, 'drill:run');
  const { regions } = await searchOrganisations(context, actor, { page: 1, pageSize: 1 });
  return {
    view: 'drill-new.njk',
    status,
    data: {
      form,
      errors,
      errorList: errorList(errors),
      csrfField,
      regionItems: [{ value: '', text: 'Every region' }, ...regions.map((region) => ({ value: region, text: region, selected: region === form.region }))],
      kindItems: [{ value: '', text: 'Every kind' }, ...organisationKinds.map((kind) => ({ value: kind, text: kindLabels[kind] ?? kind, selected: kind === form.kind }))],
      channelItems: messageChannels.map((c) => ({ name: channelField(c), value: 'yes', text: channelLabels[c] ?? c, checked: form[channelField(c)] === 'yes' })),
    },
  };
}

/** Every problem the form itself can see, at once (the service then checks the organisations). */
function formErrors(form: Form, windowHours: number, channels: MessageChannel[]): Record<string, string> | null {
  const errors: Record<string, string> = {};
  if (!form.title?.trim()) errors.title = 'Enter the drill’s scenario';
  if (!Number.isFinite(windowHours) || windowHours <= 0 || windowHours > 336) errors.windowHours = 'Enter the window in hours, from 1 to 336 (two weeks)';
  if (channels.length === 0) errors.channels = 'Select at least one channel';
  return Object.keys(errors).length > 0 ? errors : null;
}

async function drillPage(context: ServiceContext, actor: Actor, reference: string, query: z.output<typeof reportQuery>): Promise<PageResult> {
  const report = await drillReport(context, actor, reference);
  const show = query.show ?? 'not-acknowledged';
  const listed = drillOrganisations(report, show);
  const window = pageWindow({ page: query.page ?? 1, pageSize: 25 });
  const page = toPage(listed.slice(window.offset, window.offset + window.pageSize), listed.length, window);
  const base = `/drills/${encodeURIComponent(report.reference)}`;
  const withShow = (extra: Record<string, string>) => `?${new URLSearchParams({ show, ...extra }).toString()}`;
  const bands = acknowledgementBands(report.organisations);
  const t = report.timeToAcknowledge;
  return {
    view: 'drill.njk',
    data: {
      report,
      state: drillStateLabels[report.state],
      closedNow: query.closed === '1',
      canClose: report.state !== 'closed' && can(actor.principal, 'drill:run'),
      csrfField,
      summary: { startedAt: formatDateTime(report.startedAt), windowEndsAt: formatDateTime(report.windowEndsAt), closedAt: report.closedAt ? formatDateTime(report.closedAt) : null },
      timing: { count: t.count, min: duration(t.min), median: duration(t.median), p90: duration(t.p90), max: duration(t.max) },
      channelRows: channelRows(report),
      bands,
      bandChart: report.totals.organisations > 0 ? await renderBarChart({ title: `Organisations by time to acknowledge drill ${report.reference}`, bars: bands.map((b) => ({ label: b.label, value: b.organisations })), horizontal: true }) : null,
      show,
      showItems: [
        { value: 'not-acknowledged', text: 'Organisations not acknowledged', selected: show === 'not-acknowledged' },
        { value: 'all', text: 'Every organisation', selected: show === 'all' },
      ],
      organisationPage: page,
      organisationRows: drillOrganisationRows(page.items),
      pagination: pagination(page, (n) => `${base}${withShow({ page: String(n) })}`),
      exportCsv: `${base}/export${withShow({ format: 'csv' })}`,
      exportXlsx: `${base}/export${withShow({ format: 'xlsx' })}`,
    },
  };
}

export const drillPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/drills',
    summary: 'Communication drills, newest first, with how many organisations acknowledged',
    access: { kind: 'signed-in', action: 'drill:read' },
    async handler({ context, actor }) {
      const drills = await listDrills(context, actor);
      return { view: 'drills.njk', data: { drills, rows: drillListRows(drills), canStart: can(actor.principal, 'drill:run') } };
    },
  }),
  defineWebRoute({
    method: 'GET',
    url: '/drills/new',
    summary: 'The form to start a communication drill',
    access: { kind: 'signed-in', action: 'drill:run' },
    handler: ({ context, actor }) => drillForm(context, actor, { windowHours: '24', ...everyChannel }, null),
  }),
  defineWebRoute({
    method: 'POST',
    url: '/drills',
    summary: 'Start a communication drill from the web form',
    access: { kind: 'signed-in', action: 'drill:run' },
    form: 'urlencoded',
    async handler({ context, actor, form }) {
      const windowHours = Number((form.windowHours ?? '').trim() || Number.NaN);
      const channels = messageChannels.filter((c) => form[channelField(c)] === 'yes');
      const invalid = formErrors(form, windowHours, channels);
      if (invalid) return drillForm(context, actor, form, invalid, 400);
      if (!context.publicUrl) throw new WardError('CONFIG_INVALID', 'WARD_PUBLIC_URL is not known: links in drill messages need it');
      const odsCodes = (form.odsCodes ?? '').split(/[\s,]+/).filter(Boolean);
      try {
        const drill = await startDrill(context, actor, {
          title: form.title ?? '', windowHours, channels, odsCodes, publicUrl: context.publicUrl,
          ...(form.region ? { region: form.region } : {}), ...(form.kind ? { kind: form.kind } : {}),
        });
        return { redirect: `/drills/${encodeURIComponent(drill.reference)}` };
      } catch (error) {
        const errors = fieldError(error, 'title');
        if (!errors) throw error;
        const [field, text] = Object.entries(errors)[0] ?? ['title', ''];
        return drillForm(context, actor, form, { [formFields.has(field) ? field : 'title']: text }, 400);
      }
    },
  }),
  defineWebRoute({
    method: 'GET',
    url: '/drills/:reference',
    summary: 'The drill report: reach by channel, time to acknowledge, organisations not acknowledged',
    access: { kind: 'signed-in', action: 'drill:read' },
    params: referenceParams,
    querystring: reportQuery,
    handler: ({ context, actor, params, query }) => drillPage(context, actor, params.reference, query),
  }),
  defineWebRoute({
    method: 'GET',
    url: '/drills/:reference/export',
    summary: "A drill's per-organisation results as CSV or XLSX",
    access: { kind: 'signed-in', action: 'drill:read' },
    params: referenceParams,
    querystring: z.object({ format: z.enum(exportFormats), show: z.preprocess(blankToUndefined, z.enum(drillOrganisationShows).optional()) }).strict(),
    async handler({ context, actor, params, query, reply }) {
      const report = await drillReport(context, actor, params.reference);
      const rows = drillOrganisations(report, query.show ?? 'all').map((o) => drillExportColumns.map((c) => c.value(o)));
      await writeTableExport(reply, { fileName: `ward-drill-${report.reference}`, sheetName: report.reference, columns: drillExportColumns, rows }, query.format);
      return { sent: true };
    },
  }),
  defineWebRoute({
    method: 'POST',
    url: '/drills/:reference/close',
    summary: 'Close a drill from its page: its links stop working and organisations not reached are flagged',
    access: { kind: 'signed-in', action: 'drill:run' },
    params: referenceParams,
    form: 'urlencoded',
    async handler({ context, actor, params }) {
      const closed = await closeDrill(context, actor, params.reference);
      return { redirect: `/drills/${encodeURIComponent(closed.reference)}?closed=1` };
    },
  }),
];
