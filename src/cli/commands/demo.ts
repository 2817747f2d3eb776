import type { Command } from 'commander';
import { loadDemo } from '../../demo/load-demo.js';
import { WardError } from '../../core/errors.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('load the demo national estate (real NHS trusts) and demo logins')
    .option('--orgs <n>', 'number of trusts to load', '10')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { orgs: string }>();
      const organisations = Number(options.orgs);
      if (!Number.isInteger(organisations) || organisations < 1 || organisations > 1000) throw new WardError('INVALID_INPUT', '--orgs must be a whole number from 1 to 1000');
      const summary = await withCommandContext(options, ({ services }) => loadDemo(services, { organisations }));
      const port = process.env.WARD_PORT ?? '8080';
      report(options, summary, () =>
        [
          `Demo estate: ${summary.organisations.added} organisations added, ${summary.organisations.existing} already there.`,
          `Sign in at http://localhost:${port} (API: POST /api/v1/session) with:`,
          ...summary.logins.map((login) => `  ${login.email}  ${login.password}  (${login.role}${login.organisation ? ` of ${login.organisation}` : ''})`),
          `e.g. curl -c cookies -H 'content-type: application/json' -d '{"email":"${summary.logins[0]?.email ?? ''}","password":"${summary.logins[0]?.password ?? ''}"}' http://localhost:${port}/api/v1/session`,
        ].join('\n'),
      );
    });
}
