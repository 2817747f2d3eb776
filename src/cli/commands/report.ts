import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { organisationReportPdf } from '../../reports/organisation-report/organisation-report.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';
import { registerNationalReportCommand } from './report-national.js';

/** `ward report …`: the reports as files. One subcommand per report. */
export function registerReportCommands(program: Command): void {
  const reports = program.command('report').description('reports as files (PDF)');
  reports
    .command('organisation <code>')
    .description('the board report of one organisation: score, trend, failures explained, remediation plan, alerts, legacy systems, readiness')
    .requiredOption('--out <file>', 'where to write the PDF')
    .action(async (code: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { out: string }>();
      const { fileName, pdf } = await withCommandContext(options, ({ services, actor }) => organisationReportPdf(services, actor, code));
      await writeFile(options.out, pdf);
      report(options, { odsCode: code.toUpperCase(), file: options.out, suggestedName: fileName, bytes: pdf.length }, () => `Wrote the board report of ${code.toUpperCase()} to ${options.out} (${pdf.length.toLocaleString('en-GB')} bytes)`);
    });
  registerNationalReportCommand(program);
}
