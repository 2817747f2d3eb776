import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { organisationKinds } from '../../core/organisation.js';
import { buildNationalReport } from '../../reports/national-report.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';

/** The `report` command, created here unless another module already added it. */
function reportCommand(program: Command): Command {
  return program.commands.find((command) => command.name() === 'report') ?? program.command('report').description('reports (PDF) for boards and the national team');
}

/** `ward report national --out FILE [--region R] [--kind K]`: the national report as a PDF. */
export function registerNationalReportCommand(program: Command): void {
  reportCommand(program)
    .command('national')
    .description('the national report (PDF): assessed, average, passing, distribution, areas, alerts, legacy systems, incidents')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--region <region>', 'only the organisations of one region')
    .option('--kind <kind>', `only one kind of organisation (${organisationKinds.join(', ')})`)
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { out: string; region?: string; kind?: string }>();
      if (o.kind !== undefined && !(organisationKinds as readonly string[]).includes(o.kind)) throw invalidInput(`--kind must be one of ${organisationKinds.join(', ')}`, { kind: 'invalid' });
      const pdf = await withCommandContext(o, ({ services, actor }) => buildNationalReport(services, actor, { ...(o.region ? { region: o.region } : {}), ...(o.kind ? { kind: o.kind } : {}) }));
      await writeFile(o.out, pdf);
      report(o, { out: o.out, bytes: pdf.length }, () => `National report written to ${o.out} (${pdf.length.toLocaleString('en-GB')} bytes)`);
    });
}
