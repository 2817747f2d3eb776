/**
 * `npm run security:load [-- --engine sqlite|postgres --orgs N --duration S --uploaders N --readers N
 * --devices N --reader-rate R --timeout S --json-out F --profile DIR --from DEMO.db]`: loads the demo estate (`ward demo`) into a temporary SQLite
 * database (or a database on a throwaway PostgreSQL cluster), starts `ward serve` on loopback, then
 * for S seconds (default 60) runs at the same time N uploaders (default 20) posting evidence with
 * the organisations' ingest tokens, each upload a new device inventory, and N readers (default 200)
 * of the national dashboard signed in as a national analyst, each loading the page R times a second
 * (default 1: a person with the dashboard open who reloads it; 0: as fast as answers come, which
 * measures saturation rather than 200 people). Prints requests, errors and
 * p50/p95/p99 per scenario, checks the audit log, that every upload answered 200 is a completed import (by the id it answered) and that no more were stored than uploads were in flight, and
 * exits 1 on any error (a request unanswered after --timeout seconds, default 30, is one) or non-2xx answer. The per-user upload
 * limit is raised for the run, as every uploader of an organisation shares its ingest token.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { withPostgresDatabase } from '../bench/support/bench-database.js';
import { systemClock } from '../src/core/clock.js';
import { systemActor } from '../src/core/principal.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { verifyAudit } from '../src/services/audit/verify-audit.js';
import { defaultSecuritySettings, type ServiceContext } from '../src/services/context.js';
import { createToken } from '../src/services/tokens/create-token.js';
import { addUser } from '../src/services/users/add-user.js';
import { parseDatabaseUrl } from '../src/storage/database-url.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { openDatabase } from '../src/storage/open-database.js';

const { values } = parseArgs({
  options: {
    orgs: { type: 'string', default: '10' },
    duration: { type: 'string', default: '60' },
    uploaders: { type: 'string', default: '20' },
    readers: { type: 'string', default: '200' },
    'reader-rate': { type: 'string', default: '1' },
    devices: { type: 'string', default: '50' },
    timeout: { type: 'string', default: '30' },
    engine: { type: 'string', default: 'sqlite' },
    'json-out': { type: 'string' },
    profile: { type: 'string' },
    from: { type: 'string' },
  },
});
const settings = { orgs: Number(values.orgs), duration: Number(values.duration), uploaders: Number(values.uploaders), readers: Number(values.readers), readerRate: Number(values['reader-rate']), devices: Number(values.devices), timeout: Number(values.timeout) };
const actor = systemActor('security-load');
const password = 'load test password 2026';
const analyst = 'load-analyst@ward.demo';

let dbUrl = '';

type Scenario = { name: string; connections: number; requests: number; errors: number; timeouts: number; non2xx: number; statuses: Record<string, number>; p50: number; p95: number; p99: number; max: number; perSecond: number };

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function summarise(name: string, connections: number, result: Result, latencies: number[]): Scenario {
  const sorted = latencies.sort((a, b) => a - b);
  return {
    name,
    connections,
    requests: latencies.length,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted.at(-1) ?? 0),
    perSecond: Math.round((latencies.length / result.duration) * 10) / 10,
  };
}

/** A device inventory CSV no other upload has sent: the n-th upload's own devices. */
function inventory(n: number): string {
  const lines = ['hostname,serial,os_name,os_version,os_build,device_type,last_seen,owner,encryption,av_product,av_signature_date,in_scope'];
  for (let i = 1; i <= settings.devices; i += 1) {
    lines.push(`LOAD${n}-WS-${i},SNLOAD${n}X${i},Microsoft Windows 11 Enterprise,23H2,10.0.22631.${3000 + (i % 500)},Desktop,2026-11-20T09:00:00Z,User ${i},Yes,Microsoft Defender Antivirus,2026-11-01,Yes`);
  }
  return `${lines.join('\n')}\n`;
}

async function prepare(): Promise<{ tokens: { code: string; token: string }[] }> {
  const database = await openDatabase(parseDatabaseUrl(dbUrl));
  try {
    await migrateToLatest(database);
    const context: ServiceContext = { database, clock: systemClock, security: { ...defaultSecuritySettings, nationalTotpRequired: false } };
    if (values.from === undefined) {
      const started = Date.now();
      const demo = await loadDemo(context, { organisations: settings.orgs });
      console.log(`Demo estate: ${demo.organisations} organisations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    await addUser(context, actor, { email: analyst, displayName: 'Load analyst', role: 'national-analyst', password });
    const organisations = await database.db.selectFrom('organisations').select('ods_code').orderBy('ods_code').execute();
    const tokens = [];
    for (const { ods_code: code } of organisations) {
      tokens.push({ code, token: (await createToken(context, actor, code, { name: 'load test uploads', capabilities: ['ingest'] })).token });
    }
    return { tokens };
  } finally {
    await database.close();
  }
}

function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const entry = join(import.meta.dirname, '..', 'src', 'cli', 'main.ts');
  // --profile DIR: a CPU profile of the server (node --cpu-prof), written when it stops.
  const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry, '--db', dbUrl, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    // All uploaders come from 127.0.0.1, so the per-address upload limit (30 a minute by default) is
    // raised to its ceiling: this measures capacity, and hardening.test.ts tests the limit itself.
    env: { ...process.env, WARD_DB: '', WARD_LOG_LEVEL: 'warn', WARD_NATIONAL_TOTP: 'false', WARD_UPLOADS_PER_MINUTE: '10000' },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1].replace('localhost', '127.0.0.1'), stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM')))) });
    });
    child.once('exit', (code) => reject(new Error(`ward serve exited with ${code ?? 'a signal'}:\n${output}`)));
  });
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: analyst, password }) });
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!response.ok || cookie === '') throw new Error(`sign-in failed: HTTP ${response.status} ${await response.text()}`);
  return cookie;
}

async function main(): Promise<number> {
  const { tokens } = await prepare();
  const server = await startServer();
  try {
    const cookie = await signIn(server.url);
    // A server that has served its first page: templates compiled and the figures built once. The
    // 200 readers still arrive together, and every stored upload changes the figures again.
    const warm = await fetch(`${server.url}/national`, { headers: { cookie } });
    if (!warm.ok) throw new Error(`the dashboard answered ${warm.status} before the load`);
    await warm.arrayBuffer();
    let uploadNumber = 0;
    const uploadLatencies: number[] = [];
    const answeredImports: string[] = [];
    const readLatencies: number[] = [];
    console.log(`Load: ${settings.uploaders} uploaders (${settings.devices} devices per upload) and ${settings.readers} dashboard readers (${settings.readerRate > 0 ? `${settings.readerRate} page a second each` : 'each as fast as answers come'}) for ${settings.duration} s against ${server.url}`);
    const idle = (): Promise<Result | null> => Promise.resolve(null);
    const uploads = settings.uploaders === 0 ? idle() : autocannon({
      url: server.url,
      connections: settings.uploaders,
      duration: settings.duration,
      timeout: settings.timeout,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            uploadNumber += 1;
            const target = tokens[uploadNumber % tokens.length] ?? tokens[0];
            if (!target) throw new Error('no organisations');
            return { ...request, path: `/api/v1/orgs/${target.code}/imports?fileName=load-${uploadNumber}.csv`, headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/octet-stream' }, body: inventory(uploadNumber) };
          },
          onResponse: (status, body) => {
            if (status === 200) answeredImports.push((JSON.parse(body) as { importId: string }).importId);
          },
        },
      ],
    }).on('response', (_client, _status, _bytes, time) => void uploadLatencies.push(time));
    const readers = settings.readers === 0 ? idle() : autocannon({ url: `${server.url}/national`, connections: settings.readers, ...(settings.readerRate > 0 ? { connectionRate: settings.readerRate } : {}), duration: settings.duration, timeout: settings.timeout, headers: { cookie, accept: 'text/html' } }).on('response', (_client, _status, _bytes, time) => void readLatencies.push(time));
    const [uploadResult, readResult] = await Promise.all([uploads, readers]);
    const scenarios = [
      ...(uploadResult ? [summarise('uploads', settings.uploaders, uploadResult, uploadLatencies)] : []),
      ...(readResult ? [summarise('dashboard readers', settings.readers, readResult, readLatencies)] : []),
    ];
    await server.stop();

    const database = await openDatabase(parseDatabaseUrl(dbUrl));
    let audit;
    let stored: { id: string; status: string }[] = [];
    try {
      audit = await verifyAudit({ database, clock: systemClock, security: defaultSecuritySettings }, actor);
      stored = await database.db.selectFrom('imports').select(['id', 'status']).where('file_name', 'like', 'load-%').execute();
    } finally {
      await database.close();
    }
    const imports = stored.length;
    const completed = new Set(stored.filter((row) => row.status === 'completed').map((row) => row.id));
    const missing = answeredImports.filter((id) => !completed.has(id));
    // Uploads still running when the load stopped are finished by the server (it drains its imports
    // before closing): at most one per uploader, plus those whose clients gave up.
    const unanswered = imports - answeredImports.length;
    const uploadScenario = scenarios.find((sc) => sc.name === 'uploads');
    const mayBeUnanswered = settings.uploaders + (uploadScenario?.timeouts ?? 0);
    console.log('\nscenario            conns  requests  req/s  errors  non-2xx   p50 ms   p95 ms   p99 ms   max ms');
    for (const s of scenarios) {
      console.log(`${s.name.padEnd(18)} ${String(s.connections).padStart(6)} ${String(s.requests).padStart(9)} ${String(s.perSecond).padStart(6)} ${String(s.errors).padStart(7)} ${String(s.non2xx).padStart(8)} ${String(s.p50).padStart(8)} ${String(s.p95).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.max).padStart(8)}`);
    }
    console.log(`\nImports stored: ${imports}: every one of the ${answeredImports.length} uploads answered 200 ${missing.length === 0 ? 'is stored and completed' : `EXCEPT ${missing.length}`}, ${unanswered} finished after the load stopped; audit log ${audit.ok ? 'intact' : 'TAMPERED'} (${audit.rows} entries)`);
    if (values['json-out']) writeFileSync(values['json-out'], `${JSON.stringify({ settings, scenarios, imports, answered: answeredImports.length, missing: missing.length, audit: { ok: audit.ok, rows: audit.rows } }, null, 2)}\n`);
    const failed = scenarios.filter((s) => s.errors > 0 || s.non2xx > 0);
    for (const s of failed) console.error(`FAILED: ${s.name}: ${s.errors} errors (${s.timeouts} time-outs), statuses ${JSON.stringify(s.statuses)}`);
    if (missing.length > 0) console.error(`FAILED: ${missing.length} uploads answered 200 have no completed import: ${missing.slice(0, 5).join(', ')}`);
    const tooMany = unanswered > mayBeUnanswered || stored.length !== completed.size;
    if (tooMany) console.error(`FAILED: ${imports} imports stored (${completed.size} completed) for ${answeredImports.length} answered uploads and at most ${mayBeUnanswered} unanswered ones`);
    if (!audit.ok) console.error('FAILED: the audit log fails verification');
    return failed.length === 0 && missing.length === 0 && !tooMany && audit.ok ? 0 : 1;
  } finally {
    await server.stop();
  }
}

if (values.engine === 'postgres') {
  process.exitCode = await withPostgresDatabase('ward_load', (url) => {
    dbUrl = url;
    return main();
  });
} else {
  const folder = mkdtempSync(join(tmpdir(), 'ward-load-'));
  dbUrl = `sqlite:${join(folder, 'ward.db')}`;
  // --from FILE: a copy of a SQLite database `ward demo` already filled (saves the minute it takes).
  if (values.from !== undefined) copyFileSync(values.from, join(folder, 'ward.db'));
  try {
    process.exitCode = await main();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
