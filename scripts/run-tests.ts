/**
 * `npm test`: runs every *.test.ts under src/ and test/ with node's test runner, against SQLite and
 * a PostgreSQL cluster of its own (unless WARD_TEST_PG_URL names one), then prints how many tests
 * ran on each engine and the closing line "N passed, N failed, N skipped".
 *
 * Arguments narrow the run to files whose path contains one of them: `npm test -- src/http`.
 * WARD_TEST_TIMINGS=PATH writes each file's time there, slowest first. When a selected file spawns the
 * CLI, the CLI is compiled first and the tests run that (WARD_TEST_CLI_ENTRY names a compiled entry to
 * use instead).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { findPostgresBinaries, startPostgresCluster, type PostgresCluster } from '../src/test-support/postgres-cluster.js';

type Counts = Record<string, { passed: number; failed: number; skipped: number }>;

const root = join(import.meta.dirname, '..');
const filters = process.argv.slice(2);

function testFiles(): string[] {
  const files: string[] = [];
  for (const folder of ['src', 'test']) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { recursive: true, encoding: 'utf8' })) {
      if (entry.endsWith('.test.ts') && !entry.split('/').includes('node_modules')) files.push(join(folder, entry));
    }
  }
  return longestFirst(files.sort().filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter))));
}

/**
 * node:test starts files in the order given, two at a time. Alphabetical order left the browser
 * suites (minutes each, all under src/web) for last, running alone while the other lane sat idle;
 * starting the longest kinds first (browser suites, then files that spawn the CLI) fills both lanes.
 */
function longestFirst(files: string[]): string[] {
  const weight = (file: string) => (file.endsWith('.browser.test.ts') ? 0 : readFileSync(join(root, file), 'utf8').includes('run-cli.js') ? 1 : 2);
  return files.map((file) => ({ file, weight: weight(file) })).sort((a, b) => a.weight - b.weight || a.file.localeCompare(b.file)).map(({ file }) => file);
}

/**
 * Transpiles src/ once with esbuild (no type check: `npm run typecheck` does that) into the
 * git-ignored .test-build/, so the CLI tests spawn plain JavaScript instead of paying for tsx's
 * loader on every `ward` they start. The folder sits at the package root like dist/, so the paths
 * the code derives from its own location still hold.
 */
async function compileCli(): Promise<string> {
  const started = Date.now();
  const outdir = join(root, '.test-build');
  rmSync(outdir, { recursive: true, force: true });
  const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.ts') && !entry.endsWith('.test.ts'))
    .map((entry) => join(root, 'src', entry));
  await build({ entryPoints: sources, outdir, outbase: join(root, 'src'), format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  console.log(`CLI transpiled for its tests into .test-build/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return join(outdir, 'cli', 'main.js');
}

async function main(): Promise<number> {
  const files = testFiles();
  if (files.length === 0) {
    console.error(`No test files match ${filters.join(' ')}`);
    return 1;
  }
  let cluster: PostgresCluster | null = null;
  let postgresMissing = false;
  const environment = { ...process.env };
  if (!environment.WARD_TEST_PG_URL) {
    const bindir = findPostgresBinaries();
    if (bindir) {
      cluster = await startPostgresCluster(bindir);
      environment.WARD_TEST_PG_URL = cluster.url;
      console.log(`PostgreSQL: throwaway cluster from ${bindir} at ${cluster.url}`);
    } else {
      postgresMissing = true;
      console.error('\n!!! No PostgreSQL found (/usr/lib/postgresql/*/bin or pg_config): PostgreSQL tests are SKIPPED !!!\n');
    }
  } else {
    console.log('PostgreSQL: using WARD_TEST_PG_URL');
  }
  const stopCluster = () => {
    cluster?.stop();
    cluster = null;
  };
  process.once('SIGINT', () => {
    stopCluster();
    process.exit(130);
  });

  if (!environment.WARD_TEST_CLI_ENTRY && files.some((file) => readFileSync(join(root, file), 'utf8').includes('run-cli.js'))) {
    environment.WARD_TEST_CLI_ENTRY = await compileCli();
  }

  const reportFolder = mkdtempSync(join(tmpdir(), 'ward-test-report-'));
  const countsFile = join(reportFolder, 'counts.json');
  const args = [
    '--import',
    'tsx',
    '--test',
    // Three files at a time on CI's two cores: most of the long files wait on spawned CLIs, PostgreSQL
    // or Chromium, and a third lane used that time (the suite went from ~14 to ~10 minutes).
    `--test-concurrency=${process.env.WARD_TEST_CONCURRENCY ?? '3'}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts', 'engine-count-reporter.mjs')}`,
    `--test-reporter-destination=${countsFile}`,
    ...(process.env.WARD_TEST_TIMINGS ? [`--test-reporter=${join(root, 'scripts', 'file-time-reporter.mjs')}`, `--test-reporter-destination=${process.env.WARD_TEST_TIMINGS}`] : []),
    ...files,
  ];
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: environment, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  stopCluster();

  let counts: Counts = {};
  let failures: string[] = [];
  try {
    ({ counts, failures } = JSON.parse(readFileSync(countsFile, 'utf8')) as { counts: Counts; failures: string[] });
  } catch {
    console.error('The test runner produced no counts');
  }
  rmSync(reportFolder, { recursive: true, force: true });
  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log(`\nTest files: ${files.length} (${files.map((f) => relative('.', f)).length} matched)`);
  for (const [engine, c] of Object.entries(counts).sort()) {
    console.log(`  ${engine.padEnd(8)} ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  }
  for (const failure of failures) console.log(`  FAILED ${failure}`);
  if (postgresMissing) console.log('  PostgreSQL was NOT tested: no server could be found');
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  if (postgresMissing && process.env.CI === 'true') return 1;
  return exitCode !== 0 || total.failed > 0 ? 1 : 0;
}

process.exitCode = await main();
