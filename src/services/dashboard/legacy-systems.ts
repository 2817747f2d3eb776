import type { ServiceContext } from '../context.js';
import { decodeChecks } from '../assessment/stored-assessment.js';

/** Devices past their operating system's support in one snapshot, per OS label (e.g. "Microsoft Windows 7 Enterprise"). */
export type LegacyCounts = ReadonlyMap<string, number>;

/**
 * Snapshots never change once stored, so what one says about legacy systems is computed once per
 * process and kept (bounded): the dashboard reads the latest snapshot of every organisation and
 * the month-end snapshots of the trend on every request.
 */
const cache = new Map<string, LegacyCounts>();
const cacheLimit = 20_000;

function countLegacy(checksText: string): LegacyCounts {
  const counts = new Map<string, number>();
  for (const check of decodeChecks(checksText)) {
    if (check.outcome !== 'fail') continue;
    for (const reason of check.reasons ?? []) {
      if (reason.code !== 'support.os-unsupported') continue;
      const label = reason.remedy?.kind === 'retire-software' ? reason.remedy.product : 'Unknown operating system';
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  }
  return counts;
}

/** The unsupported operating systems of each snapshot named, from the CE-UNSUPPORTED checks it stored. */
export async function legacyBySnapshot(context: ServiceContext, assessmentIds: readonly string[]): Promise<Map<string, LegacyCounts>> {
  const result = new Map<string, LegacyCounts>();
  const missing = assessmentIds.filter((id) => {
    const known = cache.get(id);
    if (known) result.set(id, known);
    return !known;
  });
  for (let start = 0; start < missing.length; start += 200) {
    const rows = await context.database.db.selectFrom('assessments').select(['id', 'checks']).where('id', 'in', missing.slice(start, start + 200)).execute();
    for (const row of rows) {
      const counts = countLegacy(row.checks);
      if (cache.size >= cacheLimit) cache.clear();
      cache.set(row.id, counts);
      result.set(row.id, counts);
    }
  }
  return result;
}
