import type { Command } from 'commander';
import { tokenCapabilities } from '../../core/roles.js';
import { createToken } from '../../services/tokens/create-token.js';
import { revokeToken } from '../../services/tokens/revoke-token.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';

type TokenCreateOptions = GlobalOptions & { org: string; name: string; capabilities: string; expiresDays: string };

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens for agents and scanner pipelines');

  token
    .command('create')
    .description('create an organisation-scoped API token; the secret is shown once')
    .requiredOption('--org <code>', 'ODS code of the organisation')
    .requiredOption('--name <name>', 'what the token is for, e.g. "nessus pipeline"')
    .option('--capabilities <list>', `comma-separated: ${tokenCapabilities.join(', ')}`, 'ingest')
    .option('--expires-days <days>', 'lifetime in days (1–366)', '90')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<TokenCreateOptions>();
      const created = await withCommandContext(options, ({ services, actor }) =>
        createToken(services, actor, options.org, {
          name: options.name,
          capabilities: options.capabilities.split(',').map((c) => c.trim()).filter(Boolean),
          expiresInDays: Number(options.expiresDays),
        }),
      );
      report(options, created, () => `Created token ${created.id} (${created.capabilities.join(', ')}), expires ${created.expiresAt ?? 'never'}\nToken (shown once): ${created.token}`);
    });

  token
    .command('revoke')
    .description('revoke an API token')
    .requiredOption('--org <code>', 'ODS code of the organisation')
    .argument('<id>', 'token id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { org: string }>();
      await withCommandContext(options, ({ services, actor }) => revokeToken(services, actor, options.org, id));
      report(options, { revoked: id }, () => `Revoked ${id}`);
    });
}
