import { areas, controls, type Area, type Control } from '../../assessment/controls.js';
import type { Score } from '../../assessment/score.js';
import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { pushTo } from '../../core/multi-map.js';

/** Narrows the national figures to the organisations of one region and/or one kind. */
export type OrganisationFilter = { region?: string; kind?: string };

export type GroupFigures = { group: string; assessed: number; average: number | null; passing: number; acceptable: number };

export type NationalSummary = {
  organisations: number;
  assessed: number;
  average: number | null;
  median: number | null;
  passing: number;
  acceptable: number;
  /** Ten-point buckets of the latest scores: `0–9`, …, `90–99`, and `100` alone (a pass). */
  distribution: { bucket: string; organisations: number }[];
  /** Average percentage per area / control across organisations, weakest first. */
  weakestAreas: { area: Area; average: number; organisations: number }[];
  weakestControls: { control: Control; average: number; organisations: number }[];
  byRegion: GroupFigures[];
  byKind: GroupFigures[];
  /** Per calendar month (of the as-of date): the average of each organisation's last snapshot of that month. */
  trend: { month: string; assessed: number; average: number | null }[];
};

const round1 = (n: number) => Math.round(n * 10) / 10;

function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : round1(values.reduce((a, b) => a + b, 0) / values.length);
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return round1(sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2);
}

export function bucketOf(percent: number): string {
  if (percent >= 100) return '100';
  const low = Math.min(90, Math.floor(percent / 10) * 10);
  return `${low}–${low + 9}`;
}

export const buckets = [...Array.from({ length: 10 }, (_, i) => `${i * 10}–${i * 10 + 9}`), '100'];

type Latest = { organisationId: string; percent: number | null; verdict: string; acceptable: boolean; score: Score; region: string; kind: string };

function groupFigures(latest: readonly Latest[], keyOf: (l: Latest) => string): GroupFigures[] {
  const groups = new Map<string, Latest[]>();
  for (const l of latest) pushTo(groups, keyOf(l), l);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, members]) => ({
      group,
      assessed: members.length,
      average: average(members.flatMap((m) => (m.percent === null ? [] : [m.percent]))),
      passing: members.filter((m) => m.verdict === 'pass').length,
      acceptable: members.filter((m) => m.acceptable).length,
    }));
}

/**
 * The national picture from each organisation's LATEST snapshot (national roles only): how many
 * are assessed, average and median score, passing and "acceptable" counts, the distribution, the
 * weakest areas and controls, figures by region and kind, and the monthly trend over the history.
 */
export async function nationalSummary(context: ServiceContext, actor: Actor, filter: OrganisationFilter = {}): Promise<NationalSummary> {
  authorize(actor.principal, 'national:read');
  const { db } = context.database;
  const organisations = await db
    .selectFrom('organisations')
    .select(['id', 'region', 'kind'])
    .$if(filter.region !== undefined, (q) => q.where('region', '=', filter.region ?? ''))
    .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind ?? ''))
    .execute();
  const orgById = new Map(organisations.map((o) => [o.id, o]));
  const filtered = filter.region !== undefined || filter.kind !== undefined;
  // History without the large documents, newest first: the first row per organisation is its latest.
  const everyRow = await db.selectFrom('assessments').select(['id', 'organisation_id', 'as_of', 'percent', 'created_at']).orderBy('created_at', 'desc').orderBy('organisation_id').orderBy('revision', 'desc').execute();
  const history = filtered ? everyRow.filter((h) => orgById.has(h.organisation_id)) : everyRow;
  const latestIds: string[] = [];
  const seen = new Set<string>();
  for (const h of history) {
    if (seen.has(h.organisation_id)) continue;
    seen.add(h.organisation_id);
    latestIds.push(h.id);
  }
  const latest: Latest[] = [];
  for (let start = 0; start < latestIds.length; start += 500) {
    const rows = await db.selectFrom('assessments').select(['organisation_id', 'percent', 'verdict', 'acceptable', 'score']).where('id', 'in', latestIds.slice(start, start + 500)).execute();
    for (const r of rows) {
      const org = orgById.get(r.organisation_id);
      latest.push({ organisationId: r.organisation_id, percent: r.percent, verdict: r.verdict, acceptable: r.acceptable === 1, score: JSON.parse(r.score) as Score, region: org?.region ?? '(no region)', kind: org?.kind ?? 'other' });
    }
  }
  const percents = latest.flatMap((l) => (l.percent === null ? [] : [l.percent]));
  const distribution = buckets.map((bucket) => ({ bucket, organisations: percents.filter((p) => bucketOf(p) === bucket).length }));
  const weakest = <K extends string>(keys: readonly K[], tallyOf: (s: Score, key: K) => number | null) =>
    keys
      .map((key) => {
        const values = latest.flatMap((l) => {
          const p = tallyOf(l.score, key);
          return p === null ? [] : [p];
        });
        return { key, average: average(values), organisations: values.length };
      })
      .filter((w): w is { key: K; average: number; organisations: number } => w.average !== null)
      .sort((a, b) => a.average - b.average || a.key.localeCompare(b.key));
  const monthly = new Map<string, Map<string, number | null>>();
  // Oldest first, so each organisation's last snapshot of a month overwrites its earlier ones.
  for (const h of [...history].reverse()) {
    const month = h.as_of.slice(0, 7);
    const perOrg = monthly.get(month) ?? new Map<string, number | null>();
    perOrg.set(h.organisation_id, h.percent);
    monthly.set(month, perOrg);
  }
  return {
    organisations: organisations.length,
    assessed: latest.length,
    average: average(percents),
    median: median(percents),
    passing: latest.filter((l) => l.verdict === 'pass').length,
    acceptable: latest.filter((l) => l.acceptable).length,
    distribution,
    weakestAreas: weakest(areas, (s, a) => s.byArea[a].percent).map(({ key, ...rest }) => ({ area: key, ...rest })),
    weakestControls: weakest(controls, (s, c) => s.byControl[c].percent).map(({ key, ...rest }) => ({ control: key, ...rest })),
    byRegion: groupFigures(latest, (l) => l.region),
    byKind: groupFigures(latest, (l) => l.kind),
    trend: [...monthly.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, perOrg]) => {
        const values = [...perOrg.values()].filter((v): v is number => v !== null);
        return { month, assessed: perOrg.size, average: average(values) };
      }),
  };
}
