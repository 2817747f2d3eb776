/** The NVD CVE API refuses a lastModStartDate/lastModEndDate range longer than 120 consecutive days. */
export const maxNvdWindowDays = 120;

const dayMs = 24 * 60 * 60 * 1000;

export type TimeWindow = { start: Date; end: Date };

/**
 * Splits [from, to] into consecutive windows of at most `maxDays` days, each starting where the
 * previous one ended (the API's bounds are inclusive; a record on a boundary is fetched twice and
 * stored once). An empty list when `from` is not before `to`.
 */
export function modifiedWindows(from: Date, to: Date, maxDays = maxNvdWindowDays): TimeWindow[] {
  const windows: TimeWindow[] = [];
  const step = maxDays * dayMs;
  for (let start = from.getTime(); start < to.getTime(); start += step) {
    windows.push({ start: new Date(start), end: new Date(Math.min(start + step, to.getTime())) });
  }
  return windows;
}

/** The API's extended ISO-8601 form with an explicit UTC offset: `2026-11-28T09:00:00.000+00:00`. */
export function nvdTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, '+00:00');
}
