import type { Command } from 'commander';
import { defaultDemoOptions, loadDemo } from '../../demo/load-demo.js';
import { WardError } from '../../core/errors.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';

function wholeNumber(text: string, name: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new WardError(
      'INVALID_INPUT',
      `${name} must be a whole number from 1 to ${max.toLocaleString('en-GB')}`,
    );
  return value;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'load the demo national estate: real NHS organisations, evidence since 2017 through the import path, assessments, the WannaCry alert replay, demo logins',
    )
    .option(
      '--orgs <n>',
      'number of organisations (NHS trusts, then ICBs; at most 244)',
      String(defaultDemoOptions.organisations),
    )
    .option(
      '--devices-per-org <n>',
      'mean devices per organisation (scaled by trust size)',
      String(defaultDemoOptions.devicesPerOrg),
    )
    .option('--seed <s>', 'seed of the generated estate (same seed, same estate)', defaultDemoOptions.seed)
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<
        GlobalOptions & { orgs: string; devicesPerOrg: string; seed: string }
      >();
      const organisations = wholeNumber(options.orgs, '--orgs', 244);
      const devicesPerOrg = wholeNumber(options.devicesPerOrg, '--devices-per-org', 20_000);
      if (options.seed.length === 0 || options.seed.length > 100)
        throw new WardError('INVALID_INPUT', '--seed must be 1 to 100 characters');
      const progress = (message: string) => process.stderr.write(`${message}\n`);
      const summary = await withCommandContext(options, ({ services }) =>
        loadDemo(services, { organisations, devicesPerOrg, seed: options.seed }, progress),
      );
      const port = process.env.WARD_PORT ?? '8080';
      const n = summary.national;
      report(options, summary, () =>
        [
          summary.generated
            ? `Demo estate: ${summary.organisations} organisations, ${summary.counts.devices.toLocaleString('en-GB')} devices, ${summary.counts.imports} imports, ${summary.counts.assessments} assessments, ${summary.counts.acknowledgements} alert acknowledgements, ${summary.counts.manualResults} assessor results in ${summary.seconds.toFixed(1)} s.`
            : `Demo estate already loaded (${summary.organisations} organisations): logins refreshed.`,
          `National picture: ${n.assessed} assessed, average ${n.average ?? '–'} %, median ${n.median ?? '–'} %, ${n.passing} passing, ${n.acceptable} acceptable; weakest: ${n.weakestAreas
            .slice(0, 2)
            .map((a) => `${a.area} ${a.average} %`)
            .join(', ')}.`,
          `Sign in at http://localhost:${port} (API: POST /api/v1/session) with:`,
          ...summary.logins.map(
            (login) =>
              `  ${login.email}  ${login.password}  (${login.role}${login.organisation ? ` of ${login.organisation}` : ''})`,
          ),
          `e.g. curl -c cookies -H 'content-type: application/json' -d '{"email":"${summary.logins[0]?.email ?? ''}","password":"${summary.logins[0]?.password ?? ''}"}' http://localhost:${port}/api/v1/session`,
        ].join('\n'),
      );
    });
}
