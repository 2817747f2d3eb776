/**
 * What every benchmark reports, in one machine-readable shape: `--json-out FILE` writes it, and
 * `npm run bench` (bench/run-all.ts) gathers the files into bench/results.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export type BenchFigure = {
  /** What was measured, e.g. "import (end to end)". */
  name: string;
  engine: string;
  /** Data size in words, e.g. "20 MB Nessus, 412 hosts" or "20,000 devices / 20 orgs". */
  size: string;
  seconds: number;
  /** Items per second, with their unit. */
  throughput?: { value: number; unit: string };
  peakRssBytes?: number;
  /** The in-run reference this figure is compared with, and figure ÷ reference (as the benchmark defines it). */
  baseline?: { name: string; seconds: number; ratio: number; meaning: string };
};

export type BenchReport = {
  benchmark: string;
  arguments: string[];
  machine: Machine;
  figures: BenchFigure[];
};

export type Machine = { cores: number; cpu: string; memoryGb: number; node: string; loadAverage: number[] };

export function machine(): Machine {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
  };
}

/** This process's peak resident set size so far. */
export const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

/** `--name value` from the command line. */
export function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

export function numberOption(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} ${text}: expected a positive number`);
  return value;
}

/** Wall seconds since `start` (process.hrtime.bigint()). */
export const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/** Writes the report when `--json-out FILE` was given. */
export function writeReport(benchmark: string, figures: readonly BenchFigure[]): void {
  const file = option('--json-out');
  if (file === undefined) return;
  const report: BenchReport = {
    benchmark,
    arguments: process.argv.slice(2),
    machine: machine(),
    figures: [...figures],
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
