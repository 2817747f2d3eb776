import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { anySource, coverageSets } from './coverage-sets.js';

export type CoverageCounts = { loaded: number; nvd: number; cve5: number; vulnrichment: number; osv: number; any: number; none: number };

export type IntelCoverage = {
  /** Of the CVEs loaded (from any source), how many some source can tie to software. */
  cves: CoverageCounts;
  /** The same per CVE year (from the id), oldest first. */
  byYear: ({ year: string } & CoverageCounts)[];
  /** Of the KEV catalogue's entries: detectable with NVD alone ("before") and with every source ("after"). */
  kev: { entries: number; catalogVersion: string | null; detectableNvdOnly: number; detectable: number; undetectable: number; percentNvdOnly: number; percent: number };
};

const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/**
 * How much of what Ward knows it can actually match to installed software, per source and per
 * year, and how much of CISA's KEV catalogue it could detect on some product: NVD alone (before
 * issue 12) and with CVE 5 CNA data, Vulnrichment and OSV (after). Silence for a CVE no source
 * ties to software means "cannot tell", never "safe".
 */
export async function intelCoverage(context: ServiceContext, actor: Actor): Promise<IntelCoverage> {
  authorize(actor.principal, 'intel:read');
  const sets = await coverageSets(context.database);
  const empty = (): CoverageCounts => ({ loaded: 0, nvd: 0, cve5: 0, vulnrichment: 0, osv: 0, any: 0, none: 0 });
  const total = empty();
  const years = new Map<string, CoverageCounts>();
  for (const cve of sets.loaded) {
    const year = /^CVE-(\d{4})-/.exec(cve)?.[1] ?? 'unknown';
    const row = years.get(year) ?? empty();
    years.set(year, row);
    for (const counts of [total, row]) {
      counts.loaded++;
      if (sets.nvd.has(cve)) counts.nvd++;
      if (sets.cve5.has(cve)) counts.cve5++;
      if (sets.vulnrichment.has(cve)) counts.vulnrichment++;
      if (sets.osv.has(cve)) counts.osv++;
      if (anySource(sets, cve)) counts.any++;
      else counts.none++;
    }
  }
  const kev = await context.database.db.selectFrom('kev_entries').select('cve_id').execute();
  const catalog = await context.database.db.selectFrom('intel_sources').select('feed_version').where('kind', '=', 'kev').orderBy('loaded_at', 'desc').executeTakeFirst();
  const nvdOnly = kev.filter((k) => sets.nvd.has(k.cve_id)).length;
  const detectable = kev.filter((k) => anySource(sets, k.cve_id)).length;
  return {
    cves: total,
    byYear: [...years.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([year, counts]) => ({ year, ...counts })),
    kev: {
      entries: kev.length,
      catalogVersion: catalog?.feed_version ?? null,
      detectableNvdOnly: nvdOnly,
      detectable,
      undetectable: kev.length - detectable,
      percentNvdOnly: percent(nvdOnly, kev.length),
      percent: percent(detectable, kev.length),
    },
  };
}
