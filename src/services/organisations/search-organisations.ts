import { sql, type ExpressionBuilder } from 'kysely';
import { authorize, readableOrganisations } from '../../core/authorization.js';
import type { Organisation, OrganisationKind } from '../../core/organisation.js';
import type { Actor } from '../../core/principal.js';
import type { Database } from '../../storage/schema.js';
import type { ServiceContext } from '../context.js';
import { containsPattern, pageWindow, toPage, type Page, type PageRequest } from '../paging.js';
import { toOrganisation } from './organisation-row.js';

export const organisationSorts = ['name', 'odsCode', 'region', 'kind', 'devices', 'lastEvidence'] as const;
export type OrganisationSort = (typeof organisationSorts)[number];

export type OrganisationSearch = PageRequest & {
  /** Part of the name or the ODS code. */
  text?: string;
  region?: string;
  kind?: OrganisationKind;
  sort?: OrganisationSort;
  direction?: 'asc' | 'desc';
};

/** An organisation with the facts a national list shows beside it. */
export type OrganisationListItem = Organisation & { deviceCount: number; importCount: number; lastEvidenceAt: string | null };

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
  lastEvidence: 'last_evidence_at',
} as const;

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
  const sortColumn = sortColumns[search.sort ?? 'name'];
  const [rows, count, regions] = await Promise.all([
    db
      .selectFrom('organisations as o')
      .selectAll('o')
      .select((eb) => [
        eb.selectFrom('devices as d').whereRef('d.organisation_id', '=', 'o.id').select((sub) => sub.fn.countAll<number | string>().as('n')).as('device_count'),
        eb.selectFrom('imports as i').whereRef('i.organisation_id', '=', 'o.id').where('i.status', '=', 'completed').select((sub) => sub.fn.countAll<number | string>().as('n')).as('import_count'),
        eb.selectFrom('imports as i').whereRef('i.organisation_id', '=', 'o.id').where('i.status', '=', 'completed').select((sub) => sub.fn.max('i.completed_at').as('m')).as('last_evidence_at'),
      ])
      .where(matching)
      // Empty values sort last whichever the direction, as people expect in a table. A bare output
      // name with NULLS LAST is what both engines accept (PostgreSQL refuses aliases inside expressions).
      .orderBy(sql`${sql.ref(sortColumn)} ${sql.raw(direction)} nulls last`)
      .orderBy('o.ods_code')
      .limit(window.pageSize)
      .offset(window.offset)
      .execute(),
    db.selectFrom('organisations as o').select((eb) => eb.fn.countAll<number | string>().as('total')).where(matching).executeTakeFirstOrThrow(),
    db.selectFrom('organisations as o').select('o.region').distinct().where(scope).where('o.region', 'is not', null).orderBy('o.region').execute(),
  ]);
  const items = rows.map((row) => ({
    ...toOrganisation(row),
    deviceCount: Number(row.device_count ?? 0),
    importCount: Number(row.import_count ?? 0),
    lastEvidenceAt: row.last_evidence_at ?? null,
  }));
  return { ...toPage(items, Number(count.total), window), regions: regions.map((row) => row.region ?? '') };
}
