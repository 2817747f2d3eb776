import { sql, type ExpressionBuilder } from 'kysely';
import { authorize, readableOrganisations } from '../../core/authorization.js';
import type { Organisation, OrganisationKind } from '../../core/organisation.js';
import type { Actor } from '../../core/principal.js';
import type { Database } from '../../storage/schema.js';
import type { ServiceContext } from '../context.js';
import { legacyBySnapshot } from '../dashboard/legacy-systems.js';
import { containsPattern, pageWindow, toPage, type Page, type PageRequest } from '../paging.js';
import { toOrganisation } from './organisation-row.js';

export const organisationSorts = ['name', 'odsCode', 'region', 'kind', 'devices', 'score', 'pass', 'legacy', 'alerts', 'lastEvidence'] as const;
export type OrganisationSort = (typeof organisationSorts)[number];

export type OrganisationSearch = PageRequest & {
  /** Part of the name or the ODS code. */
  text?: string;
  region?: string;
  kind?: OrganisationKind;
  sort?: OrganisationSort;
  direction?: 'asc' | 'desc';
};

/**
 * Where the latest snapshot leaves an organisation against CE+: `pass` (100 %), `acceptable` (not
 * a pass, but within the snapshot's "acceptable" policy, as the national figures count it), `fail`,
 * or `not-assessed` (no snapshot yet).
 */
export type CePlusStanding = 'pass' | 'acceptable' | 'fail' | 'not-assessed';

/** An organisation with the facts a national list shows beside it, from its latest snapshot and its open alerts. */
export type OrganisationListItem = Organisation & {
  deviceCount: number;
  importCount: number;
  lastEvidenceAt: string | null;
  /** The latest snapshot's score (null when never assessed or nothing was applicable). */
  latestPercent: number | null;
  standing: CePlusStanding;
  /** Devices the latest snapshot found past their operating system's support (null when never assessed). */
  legacyDevices: number | null;
  /** Alerts still awaiting acknowledgement or remediation (status issued or acknowledged). */
  openAlerts: number;
};

export type OrganisationSearchResult = Page<OrganisationListItem> & {
  /** The regions among the organisations the actor may see: the region filter's choices. */
  regions: string[];
};

const sortColumns = {
  name: 'o.name',
  odsCode: 'o.ods_code',
  region: 'o.region',
  kind: 'o.kind',
  devices: 'device_count',
  score: 'latest_percent',
  pass: 'standing_rank',
  alerts: 'open_alerts',
  lastEvidence: 'last_evidence_at',
} as const;

const standings: Record<number, CePlusStanding> = { 0: 'fail', 1: 'acceptable', 2: 'pass' };

/** Open alerts are the ones the organisation still has to act on, as the organisation page counts them. */
export const openAlertStatuses = ['issued', 'acknowledged'];

const legacyTotal = (counts: ReadonlyMap<string, number> | undefined) => (counts === undefined ? null : [...counts.values()].reduce((a, b) => a + b, 0));

/** The organisations the actor may see, filtered, sorted and paged on the server. */
export async function searchOrganisations(context: ServiceContext, actor: Actor, search: OrganisationSearch = {}): Promise<OrganisationSearchResult> {
  authorize(actor.principal, 'org:list');
  const visible = readableOrganisations(actor.principal);
  const window = pageWindow(search);
  if (visible !== 'all' && visible.length === 0) return { ...toPage([], 0, window), regions: [] };
  const { db } = context.database;
  const text = search.text?.trim() ?? '';
  const scope = (eb: ExpressionBuilder<Database & { o: Database['organisations'] }, 'o'>) => (visible === 'all' ? eb.lit(true) : eb('o.id', 'in', [...visible]));
  const matching = (eb: ExpressionBuilder<Database & { o: Database['organisations'] }, 'o'>) => {
    const conditions = [scope(eb)];
    if (text !== '') {
      const pattern = containsPattern(text);
      conditions.push(eb.or([sql<boolean>`lower(o.name) like ${pattern} escape '\\'`, sql<boolean>`lower(o.ods_code) like ${pattern} escape '\\'`]));
    }
    if (search.region) conditions.push(eb('o.region', '=', search.region));
    if (search.kind) conditions.push(eb('o.kind', '=', search.kind));
    return eb.and(conditions);
  };
  const direction = search.direction === 'desc' ? 'desc' : 'asc';
  // The legacy count lives inside each snapshot's checks (JSON), so that sort is done here over the
  // matching organisations (a few hundred); every other sort and the paging stay in SQL.
  const sortInMemory = search.sort === 'legacy';
  const sortColumn = search.sort === undefined || search.sort === 'legacy' ? sortColumns.name : sortColumns[search.sort];
  const [rows, count, regions] = await Promise.all([
    db
      .selectFrom('organisations as o')
      // Each organisation's latest snapshot: the highest revision, as the organisation page reads it.
      .leftJoin('assessments as la', (join) =>
        join.onRef('la.organisation_id', '=', 'o.id').on((eb) => eb('la.revision', '=', eb.selectFrom('assessments as r').whereRef('r.organisation_id', '=', 'o.id').select((sub) => sub.fn.max('r.revision').as('m')))),
      )
      .selectAll('o')
      .select(['la.id as latest_id', 'la.percent as latest_percent'])
      .select((eb) => [
        eb.case().when('la.verdict', '=', 'pass').then(2).when('la.acceptable', '=', 1).then(1).when('la.id', 'is not', null).then(0).end().as('standing_rank'),
        eb.selectFrom('devices as d').whereRef('d.organisation_id', '=', 'o.id').select((sub) => sub.fn.countAll<number | string>().as('n')).as('device_count'),
        eb.selectFrom('imports as i').whereRef('i.organisation_id', '=', 'o.id').where('i.status', '=', 'completed').select((sub) => sub.fn.countAll<number | string>().as('n')).as('import_count'),
        eb.selectFrom('imports as i').whereRef('i.organisation_id', '=', 'o.id').where('i.status', '=', 'completed').select((sub) => sub.fn.max('i.completed_at').as('m')).as('last_evidence_at'),
        eb.selectFrom('alert_organisations as ao').whereRef('ao.organisation_id', '=', 'o.id').where('ao.status', 'in', openAlertStatuses).select((sub) => sub.fn.countAll<number | string>().as('n')).as('open_alerts'),
      ])
      .where(matching)
      // Empty values sort last whichever the direction, as people expect in a table. A bare output
      // name with NULLS LAST is what both engines accept (PostgreSQL refuses aliases inside expressions).
      .orderBy(sql`${sql.ref(sortColumn)} ${sql.raw(sortInMemory ? 'asc' : direction)} nulls last`)
      .orderBy('o.ods_code')
      .$if(!sortInMemory, (q) => q.limit(window.pageSize).offset(window.offset))
      .execute(),
    db.selectFrom('organisations as o').select((eb) => eb.fn.countAll<number | string>().as('total')).where(matching).executeTakeFirstOrThrow(),
    db.selectFrom('organisations as o').select('o.region').distinct().where(scope).where('o.region', 'is not', null).orderBy('o.region').execute(),
  ]);
  // Counted once per snapshot and kept (snapshots never change): the page's rows, or every match when sorting by it.
  const legacy = await legacyBySnapshot(context, rows.flatMap((row) => (row.latest_id ? [row.latest_id] : [])));
  let chosen = rows;
  if (sortInMemory) {
    const sign = direction === 'desc' ? -1 : 1;
    const legacyOf = (row: (typeof rows)[number]) => (row.latest_id ? legacyTotal(legacy.get(row.latest_id)) : null);
    chosen = rows
      .map((row) => ({ row, legacy: legacyOf(row) }))
      .sort((a, b) => (a.legacy === null ? 1 : 0) - (b.legacy === null ? 1 : 0) || sign * ((a.legacy ?? 0) - (b.legacy ?? 0)) || a.row.ods_code.localeCompare(b.row.ods_code))
      .slice(window.offset, window.offset + window.pageSize)
      .map((entry) => entry.row);
  }
  const items = chosen.map((row) => ({
    ...toOrganisation(row),
    deviceCount: Number(row.device_count ?? 0),
    importCount: Number(row.import_count ?? 0),
    lastEvidenceAt: row.last_evidence_at ?? null,
    latestPercent: row.latest_percent ?? null,
    standing: row.standing_rank === null ? ('not-assessed' as const) : (standings[row.standing_rank] ?? 'fail'),
    legacyDevices: row.latest_id ? legacyTotal(legacy.get(row.latest_id)) : null,
    openAlerts: Number(row.open_alerts ?? 0),
  }));
  return { ...toPage(items, Number(count.total), window), regions: regions.map((row) => row.region ?? '') };
}
