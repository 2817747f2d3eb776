export type Distribution = { count: number; min: number | null; median: number | null; p90: number | null; max: number | null };

/** Nearest-rank percentiles (the value at rank ⌈p·n⌉ of the sorted list): every figure is an observed value. */
export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
  return { count: sorted.length, min: sorted[0] ?? null, median: rank(0.5), p90: rank(0.9), max: sorted.at(-1) ?? null };
}
