/**
 * `npm run bench:scale [-- --sizes 10000,50000,250000 --synthetic-cves N --devices-per-org N]`
 *
 * How matching and assessment time grow with the estate: for each size a fresh SQLite estate of
 * that many devices (the synthetic estate of bench:match: 8 real product versions per device plus
 * an in-house tool, 1,250 devices per organisation by default) is matched (matchEstate: each
 * distinct product version once) and every organisation assessed (assessOrganisation: assembler,
 * exposure join, rules, stored snapshot). Matching should follow distinct product versions, not
 * devices; assessment necessarily follows devices. Prints the series and writes bench/scale.svg
 * (and figures with --json-out). 1,000,000 devices is accepted (`--sizes 1000000`) but takes long.
 */
import { writeFileSync } from 'node:fs';
import { systemClock } from '../src/core/clock.js';
import { systemActor } from '../src/core/principal.js';
import { assessOrganisation } from '../src/services/assessment/assess-organisation.js';
import { defaultSecuritySettings, type ServiceContext } from '../src/services/context.js';
import { matchEstate } from '../src/services/exposure/match-estate.js';
import { withBenchDatabase } from './support/bench-database.js';
import {
  numberOption,
  option,
  peakRss,
  secondsSince,
  writeReport,
  type BenchFigure,
} from './support/bench-figures.js';
import { loadBenchIntel, reseed, writeEstate } from './support/synthetic-estate.js';

const sizes = (option('--sizes') ?? '10000,50000,250000').split(',').map((s) => Number(s.trim()));
if (sizes.some((s) => !Number.isInteger(s) || s < 100 || s > 2_000_000))
  throw new Error('--sizes: whole numbers of devices from 100 to 2,000,000, comma-separated');
const syntheticCount = numberOption('--synthetic-cves', 2_000);
const perOrg = numberOption('--devices-per-org', 1_250);
const chartFile = option('--chart') ?? new URL('scale.svg', import.meta.url).pathname;
const actor = systemActor('bench');

type Point = {
  devices: number;
  organisations: number;
  distinctProducts: number;
  matchSeconds: number;
  assessSeconds: number;
  peakRssBytes: number;
};

async function measure(devices: number): Promise<Point> {
  reseed();
  const organisations = Math.max(1, Math.round(devices / perOrg));
  return withBenchDatabase('sqlite', 'ward-bench-scale', async (database) => {
    const context: ServiceContext = { database, clock: systemClock, security: defaultSecuritySettings };
    const { products } = await loadBenchIntel(context, syntheticCount);
    writeEstate(context, products, {
      deviceCount: devices,
      orgCount: organisations,
      perDevice: 8,
      syntheticCount,
    });
    const matchStart = process.hrtime.bigint();
    const matched = await matchEstate(context);
    const matchSeconds = secondsSince(matchStart);
    const assessStart = process.hrtime.bigint();
    for (let o = 0; o < organisations; o += 1)
      await assessOrganisation(context, actor, `org-${o}`, { trigger: 'bench', asOf: '2026-11-28' });
    const assessSeconds = secondsSince(assessStart);
    const point = {
      devices,
      organisations,
      distinctProducts: matched.distinctProducts,
      matchSeconds,
      assessSeconds,
      peakRssBytes: peakRss(),
    };
    console.log(
      `${devices.toLocaleString('en-GB').padStart(9)} devices, ${String(organisations).padStart(4)} orgs: match ${matchSeconds.toFixed(2).padStart(7)} s (${matched.distinctProducts} distinct product versions), assess ${assessSeconds.toFixed(2).padStart(8)} s (${((assessSeconds / devices) * 1000).toFixed(2)} ms/device), peak RSS ${Math.round(point.peakRssBytes / 1024 ** 2)} MB`,
    );
    return point;
  });
}

async function chart(points: readonly Point[]): Promise<string> {
  const echarts = await import('echarts');
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 720, height: 400 });
  const fontFamily = 'Arial, sans-serif';
  instance.setOption({
    animation: false,
    textStyle: { fontFamily },
    title: {
      text: 'Ward: matching and assessment time by estate size (SQLite)',
      left: 'center',
      textStyle: { fontSize: 15 },
    },
    legend: { bottom: 0 },
    grid: { left: 64, right: 32, top: 48, bottom: 72 },
    xAxis: { type: 'log', name: 'devices', nameLocation: 'middle', nameGap: 28, logBase: 10 },
    yAxis: { type: 'value', name: 'seconds' },
    series: [
      {
        name: 'match (distinct product versions)',
        type: 'line',
        data: points.map((p) => [p.devices, Number(p.matchSeconds.toFixed(2))]),
        label: { show: true },
        color: '#005eb8',
      },
      {
        name: 'assess every organisation',
        type: 'line',
        data: points.map((p) => [p.devices, Number(p.assessSeconds.toFixed(2))]),
        label: { show: true },
        color: '#da291c',
      },
    ],
  });
  const svg = instance.renderToSVGString();
  instance.dispose();
  return svg;
}

async function main(): Promise<void> {
  console.log(
    `scale: sizes ${sizes.join(', ')} devices, ${perOrg} devices per organisation, ${syntheticCount} synthetic CVEs (SQLite)`,
  );
  const points: Point[] = [];
  for (const size of sizes) points.push(await measure(size));
  writeFileSync(chartFile, await chart(points));
  console.log(`chart: ${chartFile}`);
  const first = points[0];
  const figures: BenchFigure[] = points.flatMap((p) => {
    const size = `${p.devices.toLocaleString('en-GB')} devices / ${p.organisations} orgs`;
    const ratio = (seconds: number, base: number | undefined) =>
      first && base
        ? {
            name: `same step at ${first.devices.toLocaleString('en-GB')} devices`,
            seconds: base,
            ratio: seconds / base,
            meaning: `time ÷ smallest size's (devices ×${(p.devices / first.devices).toFixed(0)})`,
          }
        : undefined;
    const match = ratio(p.matchSeconds, first?.matchSeconds);
    const assess = ratio(p.assessSeconds, first?.assessSeconds);
    return [
      {
        name: 'scale: match',
        engine: 'SQLite',
        size,
        seconds: p.matchSeconds,
        throughput: { value: p.devices / p.matchSeconds, unit: 'devices/s' },
        peakRssBytes: p.peakRssBytes,
        ...(match ? { baseline: match } : {}),
      },
      {
        name: 'scale: assess all orgs',
        engine: 'SQLite',
        size,
        seconds: p.assessSeconds,
        throughput: { value: p.devices / p.assessSeconds, unit: 'devices/s' },
        peakRssBytes: p.peakRssBytes,
        ...(assess ? { baseline: assess } : {}),
      },
    ];
  });
  writeReport('bench:scale', figures);
}

await main();
