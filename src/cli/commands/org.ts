import type { Command } from 'commander';
import { addOrganisation } from '../../services/organisations/add-organisation.js';
import { listOrganisations } from '../../services/organisations/list-organisations.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report, table } from '../output.js';

export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('organisations');

  org
    .command('add')
    .description('add an organisation')
    .requiredOption('--ods <code>', 'ODS code, e.g. RJ1')
    .requiredOption('--name <name>', 'organisation name')
    .option('--kind <kind>', 'trust, icb, gp-practice or other', 'trust')
    .option('--region <region>', 'NHS England region')
    .option('--parent <code>', 'ODS code of the parent organisation')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { ods: string; name: string; kind: string; region?: string; parent?: string }>();
      const organisation = await withCommandContext(options, ({ services, actor }) =>
        addOrganisation(services, actor, { odsCode: options.ods, name: options.name, kind: options.kind, region: options.region ?? null, parentOdsCode: options.parent ?? null }),
      );
      report(options, organisation, () => `Added ${organisation.odsCode} ${organisation.name} (${organisation.kind}${organisation.region ? `, ${organisation.region}` : ''})`);
    });

  org
    .command('list')
    .description('list organisations')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const organisations = await withCommandContext(options, ({ services, actor }) => listOrganisations(services, actor));
      report(options, { organisations }, () =>
        organisations.length === 0
          ? 'No organisations yet: add one with `ward org add --ods CODE --name NAME`'
          : table(['ODS', 'NAME', 'KIND', 'REGION'], organisations.map((o) => [o.odsCode, o.name, o.kind, o.region])),
      );
    });
}
