/**
 * `npm run security:scan`: third-party scanners against a local Ward. Builds a small demo estate in
 * a temporary SQLite database, starts `ward serve` on loopback, signs in as an organisation admin
 * (cookie session), runs Debian's wapiti (crawl + attack modules) and sqlmap (the search and paging
 * parameters of a web page and an API route) with that session, counts the requests Ward served,
 * and exits 1 on any finding above informational. Not part of `npm test` (minutes, not seconds).
 *
 *   WARD_SCAN_SECONDS=300 npm run security:scan     wapiti's time budget (default 240)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ward = new URL('../bin/ward.js', import.meta.url).pathname;
const missing = ['wapiti', 'sqlmap'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (missing.length > 0) {
  console.error(`security:scan needs ${missing.join(' and ')}: on Debian or Ubuntu, sudo apt-get install ${missing.join(' ')}`);
  process.exit(2);
}

const scratch = mkdtempSync(join(tmpdir(), 'ward-scan-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, WARD_DB: `sqlite:${join(scratch, 'ward.db')}`, WARD_PORT: String(port), WARD_HOST: '127.0.0.1', WARD_LOG_LEVEL: 'info', WARD_NATIONAL_TOTP: 'false', WARD_SIGN_IN_PER_MINUTE: '10000', WARD_UPLOADS_PER_MINUTE: '10000' };
let server: ChildProcess | undefined;
let exitCode = 0;

try {
  console.log(`demo estate in ${scratch} …`);
  const demo = spawnSync(process.execPath, [ward, 'demo', '--orgs', '3', '--devices-per-org', '20', '--json'], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (demo.status !== 0) throw new Error(`ward demo failed: ${demo.stderr}`);
  const summary = JSON.parse(demo.stdout) as { logins: { email: string; password: string; role: string; organisation?: string }[] };
  const login = summary.logins.find((l) => l.role === 'org-admin') ?? summary.logins.find((l) => l.organisation !== undefined);
  if (!login?.organisation) throw new Error('the demo gave no organisation login');

  let requests = 0;
  server = spawn(process.execPath, [ward, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  server.stdout?.on('data', (chunk: Buffer) => (requests += chunk.toString('utf8').split('"incoming request"').length - 1));
  await waitForHealth();

  const signIn = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: login.email, password: login.password }) });
  const cookie = /ward_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')?.[0];
  if (!signIn.ok || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);
  const organisation = await (await fetch(`${base}/api/v1/orgs`, { headers: { cookie } })).json() as { organisations: { odsCode: string; name: string }[] };
  const code = organisation.organisations[0]?.odsCode ?? '';
  console.log(`signed in as ${login.email} (${login.role} of ${code}); Ward on ${base}`);

  // wapiti: crawl from the organisation page, every default attack module. (Debian's wapiti 3.1 crashes on
  // any -x exclusion, so the sign-out form is not excluded: the scan may end its own session; re-run with
  // a newer wapiti and -x to keep it.)
  const seconds = Number(process.env.WARD_SCAN_SECONDS ?? '240');
  const wapitiReport = join(scratch, 'wapiti.json');
  const before = requests;
  const wapiti = await run('wapiti', ['-u', `${base}/`, '-s', `${base}/organisations/${code}`, '--scope', 'folder', '-H', `Cookie: ${cookie}`, '--max-scan-time', String(seconds), '--max-attack-time', String(Math.floor(seconds / 4)), '-d', '4', '--flush-session', '-f', 'json', '-o', wapitiReport, '-v', '0'], (seconds + 120) * 1000);
  const wapitiRequests = requests - before;
  const report = JSON.parse(readFileSync(wapitiReport, 'utf8')) as { vulnerabilities: Record<string, unknown[]>; anomalies: Record<string, unknown[]>; infos: Record<string, unknown> };
  const wapitiFindings = Object.entries({ ...report.vulnerabilities, ...report.anomalies }).filter(([, list]) => list.length > 0);
  console.log(`wapiti ${wapiti.status === 0 ? 'finished' : `exited ${wapiti.status}`}: ${wapitiRequests} requests; ${wapitiFindings.length === 0 ? 'no vulnerability or anomaly' : wapitiFindings.map(([name, list]) => `${name}: ${list.length}`).join('; ')}`);
  for (const [name, list] of wapitiFindings) for (const item of list) console.log(`  ${name}: ${JSON.stringify(item).slice(0, 400)}`);
  if (wapitiFindings.length > 0) exitCode = 1;

  // sqlmap: the free-text and paging parameters of a web page and of the API.
  const targets = [`${base}/organisations/${code}?q=ws&os=Windows&page=1`, `${base}/organisations?q=trust&region=London&sort=name&page=1`, `${base}/api/v1/orgs/${code}/imports?limit=5`];
  for (const target of targets) {
    const start = requests;
    const out = join(scratch, 'sqlmap');
    const sqlmap = await run('sqlmap', ['-u', target, '--cookie', cookie, '--batch', '--level', '1', '--risk', '1', '--output-dir', out, '--disable-coloring', '--skip-waf', '--flush-session'], 600_000);
    const vulnerable = /is vulnerable|sqlmap identified the following injection point/i.test(sqlmap.stdout);
    const clean = /do not appear to be injectable|all tested parameters do not appear/i.test(sqlmap.stdout);
    console.log(`sqlmap ${target.replace(base, '')}: ${requests - start} requests; ${vulnerable ? 'INJECTABLE' : clean ? 'no parameter injectable' : `no verdict (exit ${sqlmap.status})`}`);
    if (vulnerable || !clean) {
      exitCode = 1;
      console.log(sqlmap.stdout.split('\n').filter((line) => /\[(CRITICAL|ERROR|WARNING)\]|injectable|Parameter:/.test(line)).slice(0, 20).join('\n'));
    }
  }
  console.log(`total requests served: ${requests}; ${exitCode === 0 ? 'no finding above informational' : 'FINDINGS above informational'}`);
  writeFileSync(join(scratch, 'summary.txt'), `requests ${requests}\n`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  exitCode = 1;
} finally {
  server?.kill('SIGTERM');
  if (process.env.WARD_SCAN_KEEP !== 'true') rmSync(scratch, { recursive: true, force: true });
  else console.log(`kept ${scratch}: ${readdirSync(scratch).join(', ')}`);
}
process.exit(exitCode);

/** Runs a scanner without blocking the event loop: Ward's log pipe must keep draining meanwhile. */
async function run(command: string, args: string[], timeoutMs: number): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.resume();
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('ward serve did not answer /healthz within 60 s');
}
