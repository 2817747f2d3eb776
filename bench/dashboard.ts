/**
 * `npm run bench:dashboard [-- --engine sqlite|postgres --orgs N --requests N --json-out F]`: loads
 * the demo estate (`ward demo`, N organisations, default 10 as `ward demo`) and times, one request
 * at a time through the real HTTP stack (fastify inject, a signed-in national analyst):
 *   - GET /healthz (the baseline: routing, no database work beyond one query);
 *   - GET /api/v1/national/dashboard as served (kept until the national data changes);
 *   - the same answer built from scratch (`readNationalDashboard`, what every request cost before);
 *   - GET /national (the page: its body kept, the layout drawn per request);
 *   - both right after a write (an organisation renamed: an audited change, so the read rebuilds).
 * Prints p50/p95 in ms and each p95 as a ratio of /healthz's p95 measured in the same run (the
 * target of issue 8: dashboard API p95 < 100 ms on the demo estate).
 */
import { systemClock } from '../src/core/clock.js';
import { systemActor } from '../src/core/principal.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { buildServer } from '../src/http/build-server.js';
import { sessionCookie } from '../src/http/authenticate.js';
import { defaultSecuritySettings, type ServiceContext } from '../src/services/context.js';
import { readNationalDashboard } from '../src/services/dashboard/read-national-dashboard.js';
import { updateOrganisation } from '../src/services/organisations/update-organisation.js';
import { startSession } from '../src/services/sessions/start-session.js';
import { loadUserPrincipal } from '../src/services/sessions/user-principal.js';
import { addUser } from '../src/services/users/add-user.js';
import type { WardDatabase } from '../src/storage/open-database.js';
import { engineLabel, withBenchDatabase, type BenchEngine } from './support/bench-database.js';
import { machine, numberOption, option, writeReport, type BenchFigure } from './support/bench-figures.js';

const engine: BenchEngine = option('--engine') === 'postgres' ? 'postgres' : 'sqlite';
const organisations = numberOption('--orgs', 10);
const requests = numberOption('--requests', 200);
const actor = systemActor('bench');
const email = 'bench-analyst@ward.demo';
const password = 'bench analyst password 2026';

type Timing = { name: string; p50: number; p95: number; samples: number };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

async function time(name: string, count: number, once: () => Promise<void>): Promise<Timing> {
  await once(); // warm: compiled templates, prepared statements, a kept view
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    await once();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { name, p50: percentile(samples, 50), p95: percentile(samples, 95), samples: count };
}

async function bench(database: WardDatabase): Promise<Timing[]> {
  const context: ServiceContext = { database, clock: systemClock, security: { ...defaultSecuritySettings, nationalTotpRequired: false } };
  const started = Date.now();
  const demo = await loadDemo(context, { organisations });
  console.log(`Demo estate (${engineLabel(engine)}): ${demo.organisations} organisations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const user = await addUser(context, actor, { email, displayName: 'Bench analyst', role: 'national-analyst', password });
  const session = await startSession(context, { email, password });
  const headers = { cookie: `${sessionCookie}=${session.token}` };
  const { app } = await buildServer(context, { cookieSecure: false, trustProxy: false, bodyLimitBytes: 1024 * 1024, signInPerMinute: 1000, logLevel: 'silent' });
  const get = (url: string, accept = 'application/json') => async () => {
    const response = await app.inject({ method: 'GET', url, headers: { ...headers, accept } });
    if (response.statusCode !== 200) throw new Error(`${url}: HTTP ${response.statusCode} ${response.body.slice(0, 200)}`);
  };
  const principal = await loadUserPrincipal(context, user.id);
  if (!principal) throw new Error('the analyst cannot sign in');
  const analyst = { principal };
  const firstOrganisation = await database.db.selectFrom('organisations').select(['ods_code', 'name']).orderBy('ods_code').executeTakeFirstOrThrow();
  let edits = 0;
  /** An audited change (an organisation renamed back and forth), then the first read after it. */
  const afterWrite = (read: () => Promise<void>) => async () => {
    edits += 1;
    await updateOrganisation(context, actor, firstOrganisation.ods_code, { name: `${firstOrganisation.name} (${edits % 2})` });
    await read();
  };
  try {
    const few = Math.max(10, Math.round(requests / 10));
    return [
      await time('GET /healthz (baseline)', requests, get('/healthz')),
      await time('GET /api/v1/national/dashboard (kept)', requests, get('/api/v1/national/dashboard')),
      await time('readNationalDashboard from scratch', few, async () => {
        await readNationalDashboard(context, analyst);
      }),
      await time('GET /national (page)', few, get('/national', 'text/html')),
      await time('organisation renamed + GET /api/v1/national/dashboard', few, afterWrite(get('/api/v1/national/dashboard'))),
      await time('organisation renamed + GET /national', few, afterWrite(get('/national', 'text/html'))),
    ];
  } finally {
    await app.close();
  }
}

const timings = await withBenchDatabase(engine, 'ward_bench_dashboard', bench);
const baseline = timings[0];
console.log(`\n${organisations} organisations, ${engineLabel(engine)}, one request at a time; load average ${machine().loadAverage.join(' ')}`);
console.log('what                                                        n    p50 ms    p95 ms   p95 ÷ /healthz p95');
for (const t of timings) {
  console.log(`${t.name.padEnd(56)} ${String(t.samples).padStart(5)} ${t.p50.toFixed(1).padStart(9)} ${t.p95.toFixed(1).padStart(9)} ${baseline ? (t.p95 / baseline.p95).toFixed(1).padStart(10) : ''}`);
}
const figures: BenchFigure[] = timings.map((t) => ({
  name: `${t.name} p95`,
  engine: engineLabel(engine),
  size: `demo estate, ${organisations} organisations`,
  seconds: t.p95 / 1000,
  ...(baseline ? { baseline: { name: 'GET /healthz p95', seconds: baseline.p95 / 1000, ratio: t.p95 / baseline.p95, meaning: 'times the p95 of a trivial request' } } : {}),
}));
writeReport('dashboard', figures);
