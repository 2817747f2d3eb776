import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { WardError } from '../../core/errors.js';
import { intelStatus } from '../../services/intel/intel-status.js';
import { loadIntelFiles, type IntelFileInput, type IntelFileOutcome } from '../../services/intel/load-intel-files.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report, table } from '../output.js';
import { reassessDue } from './assess.js';

async function readInputs(paths: readonly string[]): Promise<IntelFileInput[]> {
  return Promise.all(
    paths.map(async (path) => {
      try {
        return { name: path, bytes: await readFile(path) };
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
    .argument('<files...>', 'NVD JSON, KEV JSON, EPSS CSV, endoflife.date page or JSON, MSRC CVRF XML/JSON')
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
    .description('what intelligence is loaded, from which file and when, with counts per feed')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const status = await withCommandContext(options, ({ services, actor }) => intelStatus(services, actor));
      report(options, status, () =>
        table(
          ['FEED', 'RECORDS', 'FILES', 'LAST LOADED', 'LAST FILE', 'VERSION'],
          status.feeds.map((f) => [f.kind, f.records, f.files, f.lastLoadedAt, f.lastFile, [f.feedVersion, f.feedDate, f.modelVersion, f.scoreDate].filter((v) => v !== null).join(' ')]),
        ) + `\n${status.cpeMatches} cpeMatch index rows; lifecycle data for ${status.lifecycleProducts} product(s)`,
      );
    });

  intel
    .command('sync')
    .description('NOT IMPLEMENTED YET: fetch feeds from their official sources (use `ward intel load`)')
    .action(() => {
      // Said plainly rather than pretending: online sync (NVD API with lastModStartDate, KEV, EPSS…) is still to come.
      throw new WardError('NOT_IMPLEMENTED', 'ward intel sync is not implemented yet: download the feeds and use `ward intel load FILE…`');
    });
}
