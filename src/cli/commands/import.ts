import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { ImportProgress } from '../../services/imports/import-evidence.js';
import { importEvidence } from '../../services/imports/import-evidence.js';
import type { ImportSummary } from '../../services/imports/import-summary.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';
import { reassessDue } from './assess.js';

type ImportOptions = GlobalOptions & { org: string; format?: string; progressLines?: boolean; boundary?: boolean };

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import an evidence file (scanner report, SBOM, inventory, osquery results; .gz accepted)')
    .argument('<file>', 'the file to import')
    .requiredOption('--org <code>', 'ODS code of the organisation the evidence belongs to')
    .option('--format <id>', 'the file format, when detection should not decide')
    .option('--boundary', 'the file is an external scan of the internet boundary (its open services feed CE+ TC1)')
    .option('--progress-lines', 'write progress as JSON lines on stderr (for wrappers; the bar is for terminals)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ImportOptions>();
      const progress = progressReporter(options);
      let summary: ImportSummary;
      try {
        summary = await withCommandContext(options, async ({ services, actor }) => {
          const imported = await importEvidence(services, actor, {
            odsCode: options.org,
            filePath: file,
            fileName: basename(file),
            ...(options.format !== undefined ? { format: options.format } : {}),
            ...(options.boundary === true ? { boundary: true } : {}),
            onProgress: progress.update,
          });
          progress.stop();
          // The import marked the organisation due in its own transaction; assess it now.
          await reassessDue(services, actor, options);
          return imported;
        });
      } finally {
        progress.stop();
      }
      report(options, summary, () => describe(summary));
    });
}

function describe(s: ImportSummary): string {
  const counts = `${s.assets} assets, ${s.software} software, ${s.findings} findings, ${s.services} services, ${s.observations} observations, ${s.cloudAccounts > 0 ? `${s.cloudAccounts} cloud accounts, ` : ''}${s.warnings} warnings`;
  if (s.duplicate) return `Duplicate: ${s.fileName} (sha256 ${s.sha256}) was already imported as ${s.importId} on ${s.createdAt}; nothing changed.\n${counts}`;
  return `Imported ${s.fileName} as ${s.format} (parser v${s.parserVersion}), import ${s.importId}\n${counts}`;
}

type ProgressReporter = { update: (progress: ImportProgress) => void; stop: () => void };

/** A bar only on a terminal and never with --json (stdout must stay one JSON document). */
function progressReporter(options: ImportOptions): ProgressReporter {
  if (options.progressLines) {
    let last = 0;
    return {
      update: (p) => {
        const now = Date.now();
        if (now - last < 200) return;
        last = now;
        process.stderr.write(`${JSON.stringify(p)}\n`);
      },
      stop: () => undefined,
    };
  }
  if (options.json || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'importing [{bar}] {percentage}% | {megabytes}/{totalMegabytes} MB | {records} records', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return {
    update: (p) => {
      const payload = { records: p.records, megabytes: mb(p.bytesRead), totalMegabytes: mb(p.totalBytes) };
      if (!started) {
        bar.start(Math.max(p.totalBytes, 1), p.bytesRead, payload);
        started = true;
      } else bar.update(p.bytesRead, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
