import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { WardError } from '../../core/errors.js';
import { intelCoverage } from '../../services/intel/intel-coverage.js';
import { intelStatus } from '../../services/intel/intel-status.js';
import { listUndetectableKev } from '../../services/intel/list-undetectable-kev.js';
import { syncIntel } from '../../services/intel/sync/sync-intel.js';
import { syncSources, type SourceSyncOutcome, type SyncProgress, type SyncSource } from '../../services/intel/sync/sync-types.js';
import { loadIntelFiles, type IntelFileInput, type IntelFileOutcome } from '../../services/intel/load-intel-files.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report, table } from '../output.js';
import { reassessDue } from './assess.js';

/** Every `.json` file under a directory (a cvelistV5 `cves/2024` tree, an unpacked OSV download), sorted. */
async function jsonFilesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json')).map((e) => join(e.parentPath, e.name)).sort();
}

/**
 * A file is read whole; a directory of CVE JSON 5 or OSV records (one record per file) becomes ONE
 * input, a JSON array of its files, so it loads in one transaction under the directory's name.
 */
async function readInput(path: string): Promise<IntelFileInput> {
  if (!(await stat(path)).isDirectory()) return { name: path, bytes: await readFile(path) };
  const files = await jsonFilesUnder(path);
  const parts = await Promise.all(files.map(async (file) => (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').trim()));
  return { name: path, bytes: Buffer.from(`[${parts.join(',\n')}]`) };
}

async function readInputs(paths: readonly string[]): Promise<IntelFileInput[]> {
  return Promise.all(
    paths.map(async (path) => {
      try {
        return await readInput(path);
      } catch (error) {
        throw new WardError('NOT_FOUND', `${path}: cannot read the file (${error instanceof Error ? error.message : String(error)})`, { location: { file: path } }, { cause: error });
      }
    }),
  );
}

function describeOutcome(outcome: IntelFileOutcome): string {
  switch (outcome.status) {
    case 'loaded': {
      const counts = Object.entries(outcome.counts).map(([key, value]) => `${value} ${key}`).join(', ');
      const facts = [outcome.feedVersion, outcome.feedDate, outcome.modelVersion, outcome.scoreDate].filter((f) => f !== null).join(', ');
      const warnings = outcome.warnings.map((w) => `\n  warning: ${w}`).join('');
      return `loaded   ${outcome.file}: ${outcome.kind}, ${outcome.records} records (${counts})${facts ? ` [${facts}]` : ''}${warnings}`;
    }
    case 'skipped':
      return `skipped  ${outcome.file}: ${outcome.reason}`;
    case 'refused':
      // Messages from the readers already start with the file name.
      return `REFUSED  ${outcome.message.startsWith(outcome.file) ? outcome.message : `${outcome.file}: ${outcome.message}`}`;
  }
}

export function registerIntelCommands(program: Command): void {
  const intel = program.command('intel').description('vulnerability intelligence: NVD, CISA KEV, EPSS, endoflife.date, MSRC');

  intel
    .command('load')
    .description('load intelligence files, recognised by content (gzipped or not); a file loaded before is skipped')
    .argument('<files...>', 'NVD JSON, KEV JSON, EPSS CSV, endoflife.date page or JSON, MSRC CVRF XML/JSON, CVE JSON 5 or OSV records (a file, a JSON array, a zip, or a directory of them)')
    .action(async (paths: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const files = await readInputs(paths);
      const outcomes = await withCommandContext(options, async ({ services, actor }) => {
        const loaded = await loadIntelFiles(services, actor, { files });
        // Every organisation with devices was marked due by the load; assess them now.
        if (loaded.some((o) => o.status === 'loaded')) await reassessDue(services, actor, options);
        return loaded;
      });
      report(options, { files: outcomes }, () => outcomes.map(describeOutcome).join('\n'));
      const refused = outcomes.filter((o) => o.status === 'refused');
      if (refused.length > 0) {
        throw new WardError('INGEST_UNREADABLE', `${refused.length} of ${outcomes.length} file(s) refused: ${refused.map((r) => r.file).join(', ')}`, { reported: true });
      }
    });

  intel
    .command('status')
    .description('what intelligence is loaded, from which file or URL and when, with counts per feed and where online sync got to')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const status = await withCommandContext(options, ({ services, actor }) => intelStatus(services, actor));
      report(options, status, () =>
        table(
          ['FEED', 'RECORDS', 'FILES', 'LAST LOADED', 'LAST FILE', 'VERSION', 'SYNCED THROUGH'],
          status.feeds.map((f) => [f.kind, f.records, f.files, f.lastLoadedAt, f.lastFile, [f.feedVersion, f.feedDate, f.modelVersion, f.scoreDate].filter((v) => v !== null).join(' '), f.syncedThrough]),
        ) + `\n${status.cpeMatches} cpeMatch index rows; lifecycle data for ${status.lifecycleProducts} product(s)`,
      );
    });

  intel
    .command('coverage')
    .description('of the CVEs loaded, how many each source can tie to software (per source and year), and how many KEV entries Ward can detect: NVD alone and all sources')
    .option('--gaps <n>', 'also list up to N KEV entries no source can detect, newest first', (v) => Number.parseInt(v, 10))
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { gaps?: number }>();
      if (options.gaps !== undefined && (!Number.isInteger(options.gaps) || options.gaps < 1)) throw new WardError('INVALID_INPUT', '--gaps takes a positive whole number');
      const result = await withCommandContext(options, async ({ services, actor }) => {
        const coverage = await intelCoverage(services, actor);
        return options.gaps === undefined ? coverage : { ...coverage, gaps: await listUndetectableKev(services, actor, { limit: options.gaps }) };
      });
      report(options, result, () => {
        const { cves, kev } = result;
        const head = ['YEAR', 'LOADED', 'NVD', 'CVE5 (CNA)', 'VULNRICHMENT', 'OSV', 'ANY', 'NONE'];
        const row = (label: string, c: typeof cves) => [label, c.loaded, c.nvd, c.cve5, c.vulnrichment, c.osv, c.any, c.none];
        const lines = [
          table(head, [...result.byYear.map((y) => row(y.year, y)), row('all', cves)]),
          `KEV ${kev.catalogVersion ?? '(no catalogue loaded)'}: ${kev.entries} entries; detectable on some product with NVD alone ${kev.detectableNvdOnly} (${kev.percentNvdOnly} %), with all sources ${kev.detectable} (${kev.percent} %); ${kev.undetectable} cannot be detected`,
        ];
        if ('gaps' in result) for (const g of result.gaps.entries) lines.push(`  ${g.cve}  ${g.dateAdded}  ${g.vendorProject} ${g.product}${g.loaded ? '' : ' (record not loaded)'}`);
        return lines.join('\n');
      });
    });

  intel
    .command('sync')
    .description('fetch intelligence from the official online sources (NVD incremental, KEV, EPSS, endoflife.date, MSRC) and store it as `intel load` does')
    .option('--source <source...>', `only these sources (${syncSources.join(', ')}); all by default`)
    .option('--since <date>', 'NVD: fetch CVEs modified since this date (needed for the first NVD sync); MSRC: documents revised since; YYYY-MM-DD or an ISO timestamp')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { source?: string[]; since?: string }>();
      const sources = parseSources(options.source);
      const since = options.since === undefined ? undefined : parseSince(options.since);
      const progress = syncProgress(options);
      let outcomes: SourceSyncOutcome[];
      try {
        outcomes = await withCommandContext(options, ({ services, actor, settings }) =>
          syncIntel(services, actor, { settings: settings.intelSync, ...(sources ? { sources } : {}), ...(since ? { since } : {}) }, { onProgress: progress.update }),
        );
      } finally {
        progress.stop();
      }
      report(options, { sources: outcomes }, () => outcomes.map(describeSync).join('\n'));
      const failed = outcomes.filter((o) => o.status === 'failed');
      const first = failed[0]?.error;
      if (first) {
        // Exit with the first failure's own code (10 unreachable source, 7 unreadable data).
        throw new WardError(first.code, `${failed.length} of ${outcomes.length} source(s) failed:\n${failed.map((f) => `  ${f.source}: ${f.error?.message ?? 'failed'}`).join('\n')}`);
      }
    });
}

function parseSources(values: readonly string[] | undefined): SyncSource[] | undefined {
  if (values === undefined) return undefined;
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter((v) => v.length > 0);
  const unknown = names.filter((n) => !(syncSources as readonly string[]).includes(n));
  if (unknown.length > 0) throw new WardError('INVALID_INPUT', `Unknown source(s): ${unknown.join(', ')} (choose from ${syncSources.join(', ')})`);
  return names as SyncSource[];
}

function parseSince(value: string): Date {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw new WardError('INVALID_INPUT', `--since ${value}: not a date (use YYYY-MM-DD or an ISO timestamp)`);
  return date;
}

function describeSync(outcome: SourceSyncOutcome): string {
  const head = `${outcome.status.toUpperCase().padEnd(9)} ${outcome.source}`;
  const through = outcome.syncedThrough ? ` (synced through ${outcome.syncedThrough})` : '';
  const lines: string[] = [];
  if (outcome.status === 'failed') lines.push(`${head}: ${outcome.error?.message ?? 'failed'}${through}`);
  else lines.push(`${head}: ${outcome.stored} records stored from ${outcome.documents.filter((d) => d.status === 'stored').length} document(s), ${outcome.documents.filter((d) => d.status === 'unchanged').length} unchanged${through}`);
  for (const document of outcome.documents) {
    if (document.status === 'stored') {
      const counts = Object.entries(document.counts).map(([key, value]) => `${value} ${key}`).join(', ');
      lines.push(`  stored    ${document.name}: ${document.records} records (${counts})`);
    } else lines.push(`  unchanged ${document.name}: ${document.reason}`);
  }
  if (outcome.message) lines.push(`  ${outcome.message}`);
  for (const warning of outcome.warnings) lines.push(`  warning: ${warning}`);
  return lines.join('\n');
}

/** One status line on a terminal's stderr, rewritten in place; nothing with --json or when not a terminal. */
function syncProgress(options: GlobalOptions): { update: (progress: SyncProgress) => void; stop: () => void } {
  if (options.json || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  let shown = false;
  return {
    update: (p) => {
      const line = `syncing ${p.source}: ${p.message}`;
      const width = process.stderr.columns > 10 ? process.stderr.columns - 1 : 100;
      process.stderr.write(`\r\x1b[2K${line.slice(0, width)}`);
      shown = true;
    },
    stop: () => {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}
