/**
 * `npm run bench [-- --preset moderate|small] [-- --only match,alerts]`: runs every `bench:*`
 * script of package.json, one after another in its own process, at the preset's sizes (below),
 * each writing its figures with `--json-out`, and writes bench/results.md (and the same figures as
 * bench/results.json): per benchmark the data
 * size, engine, time, throughput, peak RSS and the ratio to its in-run baseline, with the machine.
 * Each benchmark can still be run alone with its own size arguments (see its header).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, option, secondsSince, type BenchReport } from './support/bench-figures.js';

const presets: Record<string, Record<string, string[]>> = {
  moderate: {
    'bench:ingest': ['--size', '50MB'],
    'bench:match': ['--devices', '20000', '--orgs', '20', '--synthetic-cves', '4000', '--subset', '50'],
    'bench:assess': ['--orgs', '20', '--devices-per-org', '500'],
    'bench:alerts': ['--devices', '50000', '--orgs', '40'],
    'bench:scale': ['--sizes', '2500,10000,25000'],
  },
  small: {
    'bench:ingest': ['--size', '5MB'],
    'bench:match': ['--devices', '2000', '--orgs', '4', '--synthetic-cves', '1000', '--subset', '20'],
    'bench:assess': ['--orgs', '4', '--devices-per-org', '150'],
    'bench:alerts': ['--devices', '5000', '--orgs', '10'],
    'bench:scale': ['--sizes', '1000,2000,4000', '--devices-per-org', '500'],
  },
};

const presetName = option('--preset') ?? 'moderate';
const preset = presets[presetName];
if (!preset) throw new Error(`--preset ${presetName}: one of ${Object.keys(presets).join(', ')}`);
const only = option('--only')
  ?.split(',')
  .map((name) => (name.startsWith('bench:') ? name : `bench:${name}`));
const root = new URL('..', import.meta.url).pathname;
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
)
  .filter((name) => name.startsWith('bench:'))
  .filter((name) => only === undefined || only.includes(name));

const folder = mkdtempSync(join(tmpdir(), 'ward-bench-all-'));
const reports: (BenchReport & { wallSeconds: number })[] = [];
const failures: string[] = [];
const started = new Date();
try {
  for (const script of scripts) {
    const out = join(folder, `${script.replace(':', '-')}.json`);
    const args = [...(preset[script] ?? []), '--json-out', out];
    console.log(`\n== npm run ${script} -- ${args.slice(0, -2).join(' ')}`);
    const start = process.hrtime.bigint();
    try {
      execFileSync('npm', ['run', '--silent', script, '--', ...args], { cwd: root, stdio: 'inherit' });
      reports.push({
        ...(JSON.parse(readFileSync(out, 'utf8')) as BenchReport),
        wallSeconds: secondsSince(start),
      });
    } catch (error) {
      failures.push(`${script}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (s: number) => (s < 1 ? `${fmt(s * 1000)} ms` : `${fmt(s, s < 10 ? 2 : 1)} s`);
const m = machine();
const lines = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench -- --preset ${presetName}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${m.cores} × ${m.cpu}, ${m.memoryGb} GB RAM, Node ${m.node}; load average at the end ${m.loadAverage.join(' / ')} (the machine is shared: read ratios, which compare steps of the same run, before absolute times).`,
  '',
  '| benchmark | step | engine | data size | time | throughput | peak RSS | baseline (in the same run) | ratio |',
  '|---|---|---|---|---|---|---|---|---|',
  ...reports.flatMap((r) =>
    r.figures.map((f) =>
      [
        r.benchmark,
        f.name,
        f.engine,
        f.size,
        seconds(f.seconds),
        f.throughput
          ? `${fmt(f.throughput.value, f.throughput.value < 100 ? 1 : 0)} ${f.throughput.unit}`
          : '—',
        f.peakRssBytes !== undefined ? `${fmt(f.peakRssBytes / 1024 ** 2)} MB` : '—',
        f.baseline ? `${f.baseline.name}: ${seconds(f.baseline.seconds)}` : '—',
        f.baseline
          ? `${f.baseline.ratio < 0.01 ? f.baseline.ratio.toExponential(1) : fmt(f.baseline.ratio, 2)} (${f.baseline.meaning})`
          : '—',
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
  ),
  '',
  'Arguments per benchmark (each script runs alone with the same arguments):',
  '',
  ...reports.map(
    (r) =>
      `- \`npm run ${r.benchmark} -- ${r.arguments.filter((a, i, all) => a !== '--json-out' && all[i - 1] !== '--json-out').join(' ')}\` (${seconds(r.wallSeconds)} including data generation)`,
  ),
  ...(failures.length > 0 ? ['', 'Failed:', '', ...failures.map((f) => `- ${f}`)] : []),
  '',
];
writeFileSync(join(root, 'bench', 'results.md'), lines.join('\n'));
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({ preset: presetName, started: started.toISOString(), machine: m, reports }, null, 2)}\n`);
console.log(
  `\nbench/results.md written (${reports.length} benchmarks${failures.length > 0 ? `, ${failures.length} failed` : ''})`,
);
if (failures.length > 0) process.exitCode = 1;
