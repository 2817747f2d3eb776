import type { WardRoute } from '../../http/route-definition.js';
import { listUndetectableKev, type UndetectableKevEntry } from '../../services/intel/list-undetectable-kev.js';
import { readEstateOverview, type EstateOverview, type FreshnessBand } from '../../services/dashboard/read-estate-overview.js';
import { renderBarChart } from '../charts/bar-chart.js';
import { defineWebRoute } from '../web-route.js';

const freshnessLabels: Record<FreshnessBand, string> = {
  'within-7-days': 'Evidence in the last 7 days',
  'within-30-days': 'Evidence 8 to 30 days old',
  older: 'Evidence older than 30 days',
  never: 'No evidence yet',
};

const kindLabels: Record<string, string> = { trust: 'NHS trust', icb: 'Integrated care board', 'gp-practice': 'GP practice', other: 'Other' };

/** The national dashboard's view model: figures, tables and the server-rendered chart. */
export async function nationalDashboardView(overview: EstateOverview, kevGaps: { total: number; entries: UndetectableKevEntry[] } = { total: 0, entries: [] }) {
  const regionBars = overview.byRegion.map((row) => ({ label: row.region ?? 'No region', value: row.organisations }));
  return {
    overview,
    regionRows: overview.byRegion.map((row) => ({ region: row.region ?? 'No region', organisations: row.organisations, href: row.region ? `/organisations?region=${encodeURIComponent(row.region)}` : '/organisations' })),
    kindRows: overview.byKind.map((row) => ({ kind: kindLabels[row.kind] ?? row.kind, organisations: row.organisations, href: `/organisations?kind=${encodeURIComponent(row.kind)}` })),
    freshnessRows: (Object.keys(freshnessLabels) as FreshnessBand[]).map((band) => ({ label: freshnessLabels[band], organisations: overview.freshness[band] })),
    regionChart: regionBars.length > 0 ? await renderBarChart({ title: 'Organisations per region', bars: regionBars, horizontal: true }) : null,
    kevGaps,
  };
}

export const nationalPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/national',
    summary: 'National dashboard',
    access: { kind: 'signed-in', action: 'national:read' },
    async handler({ context, actor }) {
      const overview = await readEstateOverview(context, actor);
      // Silence is not safety: the KEV entries no loaded source ties to software are listed here.
      const kevGaps = await listUndetectableKev(context, actor, { limit: 10 });
      return { view: 'national.njk', data: await nationalDashboardView(overview, kevGaps) };
    },
  }),
];
