import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';

export const freshnessBands = ['within-7-days', 'within-30-days', 'older', 'never'] as const;
export type FreshnessBand = (typeof freshnessBands)[number];

/** The national estate as its evidence stands: what exists today, before assessments and alerts. */
export type EstateOverview = {
  asOf: string;
  organisations: number;
  devices: number;
  byRegion: { region: string | null; organisations: number }[];
  byKind: { kind: string; organisations: number }[];
  /** Completed imports in the 30 days before `asOf`, and how many organisations sent them. */
  recentImports: { imports: number; organisations: number; since: string };
  /** How recent each organisation's newest evidence is. */
  freshness: Record<FreshnessBand, number>;
};

const dayMs = 86_400_000;

export function freshnessBand(lastEvidenceAt: string | null, asOf: Date): FreshnessBand {
  if (lastEvidenceAt === null) return 'never';
  const age = asOf.getTime() - Date.parse(lastEvidenceAt);
  if (age <= 7 * dayMs) return 'within-7-days';
  if (age <= 30 * dayMs) return 'within-30-days';
  return 'older';
}

/** Figures across every organisation, for national roles. */
export async function readEstateOverview(context: ServiceContext, actor: Actor): Promise<EstateOverview> {
  authorize(actor.principal, 'national:read');
  const { db } = context.database;
  const now = context.clock.now();
  const since = new Date(now.getTime() - 30 * dayMs).toISOString();
  const [byRegion, byKind, devices, recent, latest] = await Promise.all([
    db.selectFrom('organisations').select((eb) => ['region', eb.fn.countAll<number | string>().as('n')]).groupBy('region').execute(),
    db.selectFrom('organisations').select((eb) => ['kind', eb.fn.countAll<number | string>().as('n')]).groupBy('kind').orderBy('kind').execute(),
    db.selectFrom('devices').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('imports')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.count<number | string>('organisation_id').distinct().as('orgs')])
      .where('status', '=', 'completed')
      .where('completed_at', '>=', since)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('organisations as o')
      .leftJoin('imports as i', (join) => join.onRef('i.organisation_id', '=', 'o.id').on('i.status', '=', 'completed'))
      .select((eb) => ['o.id', eb.fn.max('i.completed_at').as('last')])
      .groupBy('o.id')
      .execute(),
  ]);
  const freshness: Record<FreshnessBand, number> = { 'within-7-days': 0, 'within-30-days': 0, older: 0, never: 0 };
  for (const row of latest) freshness[freshnessBand(row.last ?? null, now)] += 1;
  return {
    asOf: now.toISOString(),
    organisations: latest.length,
    devices: Number(devices.n),
    byRegion: byRegion
      .map((row) => ({ region: row.region, organisations: Number(row.n) }))
      .sort((a, b) => b.organisations - a.organisations || (a.region ?? '\uffff').localeCompare(b.region ?? '\uffff')),
    byKind: byKind.map((row) => ({ kind: row.kind, organisations: Number(row.n) })),
    recentImports: { imports: Number(recent.n), organisations: Number(recent.orgs), since },
    freshness,
  };
}
