import { z } from 'zod';
import { organisationKinds } from '../../core/organisation.js';
import type { WardRoute } from '../../http/route-definition.js';
import { organisationSorts, searchOrganisations, type CePlusStanding, type OrganisationSearch, type OrganisationSearchResult, type OrganisationSort } from '../../services/organisations/search-organisations.js';
import { formatDateTime, formatNumber } from '../format.js';
import { link } from '../view-models/html.js';
import { pagination } from '../view-models/pagination.js';
import { defineWebRoute } from '../web-route.js';
import { standingLabels, writeOrganisationsExport } from './organisations-export.js';
import { blankToUndefined } from '../view-models/query-values.js';

export const kindLabels: Record<string, string> = { trust: 'NHS trust', icb: 'Integrated care board', 'gp-practice': 'GP practice', other: 'Other' };


export const organisationListQuery = z
  .object({
    q: z.string().max(200).optional(),
    region: z.preprocess(blankToUndefined, z.string().max(200).optional()),
    kind: z.preprocess(blankToUndefined, z.enum(organisationKinds).optional()),
    sort: z.preprocess(blankToUndefined, z.enum(organisationSorts).optional()),
    dir: z.preprocess(blankToUndefined, z.enum(['asc', 'desc']).optional()),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

type ListQuery = z.output<typeof organisationListQuery>;

export function toSearch(query: ListQuery): OrganisationSearch {
  return {
    ...(query.q ? { text: query.q } : {}),
    ...(query.region ? { region: query.region } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    sort: query.sort ?? 'name',
    direction: query.dir ?? 'asc',
    page: query.page ?? 1,
    pageSize: 25,
  };
}

function listUrl(query: ListQuery, changes: Record<string, string | number | undefined>, path = '/organisations'): string {
  const merged: Record<string, string | number | undefined> = { ...query, ...changes };
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) if (value !== undefined && value !== '') parameters.set(key, String(value));
  const text = parameters.toString();
  return text === '' ? path : `${path}?${text}`;
}

const columns: { sort: OrganisationSort; text: string; numeric?: boolean }[] = [
  { sort: 'name', text: 'Organisation' },
  { sort: 'odsCode', text: 'ODS code' },
  { sort: 'region', text: 'Region' },
  { sort: 'kind', text: 'Kind' },
  { sort: 'devices', text: 'Devices', numeric: true },
  { sort: 'score', text: 'Latest score (%)', numeric: true },
  { sort: 'pass', text: 'CE+ pass' },
  { sort: 'legacy', text: 'Legacy devices', numeric: true },
  { sort: 'alerts', text: 'Open alerts', numeric: true },
  { sort: 'lastEvidence', text: 'Newest evidence' },
];

const standingTags: Record<CePlusStanding, string> = { pass: 'nhsuk-tag--green', acceptable: 'nhsuk-tag--blue', fail: 'nhsuk-tag--red', 'not-assessed': 'nhsuk-tag--grey' };

/** A score as the list shows it: one decimal, or a dash when there is none. */
export const percentText = (percent: number | null) => (percent === null ? '–' : (Math.round(percent * 10) / 10).toFixed(1));

/** The organisations list's view model: sortable head cells, rows, filters and pages. */
export function organisationsView(result: OrganisationSearchResult, query: ListQuery) {
  const sort = query.sort ?? 'name';
  const direction = query.dir ?? 'asc';
  return {
    query: { q: query.q ?? '', region: query.region ?? '', kind: query.kind ?? '' },
    result,
    head: columns.map((column) => {
      const current = column.sort === sort;
      const next = current && direction === 'asc' ? 'desc' : 'asc';
      return {
        text: column.text,
        format: column.numeric ? 'numeric' : undefined,
        href: listUrl(query, { sort: column.sort, dir: next, page: undefined }),
        sort: current ? (direction === 'asc' ? 'ascending' : 'descending') : 'none',
        sortNext: next === 'asc' ? 'ascending' : 'descending',
      };
    }),
    rows: result.items.map((organisation) => [
      { html: link(`/organisations/${organisation.odsCode}`, organisation.name) },
      { text: organisation.odsCode },
      { text: organisation.region ?? '' },
      { text: kindLabels[organisation.kind] ?? organisation.kind },
      { text: formatNumber(organisation.deviceCount), format: 'numeric' },
      { text: percentText(organisation.latestPercent), format: 'numeric' },
      { html: `<strong class="nhsuk-tag ${standingTags[organisation.standing]}">${standingLabels[organisation.standing]}</strong>` },
      { text: organisation.legacyDevices === null ? '–' : formatNumber(organisation.legacyDevices), format: 'numeric' },
      { text: formatNumber(organisation.openAlerts), format: 'numeric' },
      { text: organisation.lastEvidenceAt ? formatDateTime(organisation.lastEvidenceAt) : 'None yet' },
    ]),
    regionItems: [{ value: '', text: 'All regions' }, ...result.regions.map((region) => ({ value: region, text: region, selected: region === query.region }))],
    kindItems: [{ value: '', text: 'All kinds' }, ...organisationKinds.map((kind) => ({ value: kind, text: kindLabels[kind] ?? kind, selected: kind === query.kind }))],
    pagination: pagination(result, (page) => listUrl(query, { page })),
    exportCsv: listUrl(query, { page: undefined, format: 'csv' }, '/organisations/export'),
    exportXlsx: listUrl(query, { page: undefined, format: 'xlsx' }, '/organisations/export'),
  };
}

export const organisationListPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/organisations',
    summary: 'Organisations list',
    access: { kind: 'signed-in', action: 'org:list' },
    querystring: organisationListQuery,
    async handler({ context, actor, query }) {
      const result = await searchOrganisations(context, actor, toSearch(query));
      return { view: 'organisations.njk', data: organisationsView(result, query) };
    },
  }),
  defineWebRoute({
    method: 'GET',
    url: '/organisations/export',
    summary: 'The organisations list as CSV or XLSX, with the filters and sort of the page',
    access: { kind: 'signed-in', action: 'org:list' },
    querystring: organisationListQuery.omit({ page: true }).extend({ format: z.enum(['csv', 'xlsx']) }),
    async handler({ context, actor, query, reply }) {
      await writeOrganisationsExport(context, actor, toSearch(query), query.format, reply);
      return { sent: true };
    },
  }),
];
