import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { systemActor } from '../../core/principal.js';
import { listConnectors } from '../../services/connectors/list-connectors.js';
import { pullDefender } from '../../services/connectors/pull-defender.js';
import { registerDefenderConnector } from '../../services/connectors/register-defender-connector.js';
import { runDueConnectorPulls } from '../../services/connectors/run-due-connector-pulls.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';

type DefenderOptions = GlobalOptions & { org: string; tenant: string; clientId: string; secretFile?: string; intervalMinutes?: string; once?: boolean; disable?: boolean };

/** Reads the client secret from a file (or stdin with "-"), never from the command line where `ps` shows it. */
async function readSecret(path: string): Promise<string> {
  const raw = path === '-' ? await readStdin() : await readFile(path, 'utf8');
  const secret = raw.trim();
  if (secret === '') throw invalidInput(`The secret file ${path === '-' ? '(stdin)' : path} is empty`, { secretFile: 'empty' });
  return secret;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerConnectCommands(program: Command): void {
  const connect = program.command('connect').description('connectors that pull evidence from the tools organisations already run');

  connect
    .command('defender')
    .description('register (or update) the Microsoft Defender for Endpoint connector of an organisation; --once also pulls now')
    .requiredOption('--org <code>', 'ODS code of the organisation')
    .requiredOption('--tenant <id>', 'Microsoft Entra directory (tenant) id')
    .requiredOption('--client-id <id>', 'application (client) id of the app registration')
    .option('--secret-file <path>', 'file holding the client secret ("-" for stdin); needed the first time')
    .option('--interval-minutes <n>', 'minutes between scheduled pulls (15–10080)', '1440')
    .option('--disable', 'keep the connector but stop scheduled pulls')
    .option('--once', 'pull everything now and import it as one evidence set')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DefenderOptions>();
      const clientSecret = options.secretFile === undefined ? undefined : await readSecret(options.secretFile);
      const result = await withCommandContext(options, async ({ services, actor }) => {
        const connector = await registerDefenderConnector(services, actor, options.org, {
          tenantId: options.tenant,
          clientId: options.clientId,
          ...(clientSecret !== undefined ? { clientSecret } : {}),
          intervalMinutes: Number(options.intervalMinutes ?? '1440'),
          enabled: options.disable !== true,
        });
        const pull = options.once === true ? await pullDefender(services, actor, options.org) : undefined;
        return { connector, ...(pull ? { pull } : {}) };
      });
      report(options, result, () => {
        const lines = [`Defender connector of ${options.org}: tenant ${result.connector.tenantId}, client ${result.connector.clientId}, every ${result.connector.intervalMinutes} min${result.connector.enabled ? '' : ' (disabled)'}`];
        if (result.pull) {
          const i = result.pull.import;
          lines.push(
            i.duplicate
              ? `Pulled ${result.pull.pages} pages: same data as import ${i.importId}, nothing changed`
              : `Pulled ${result.pull.pages} pages${result.pull.resumed ? ' (resumed)' : ''} into import ${i.importId}: ${i.assets} devices, ${i.software} software, ${i.findings} findings, ${i.observations} observations, ${i.warnings} warnings`,
          );
        }
        return lines.join('\n');
      });
    });

  connect
    .command('list')
    .description("an organisation's connectors and their last pull (never secrets)")
    .requiredOption('--org <code>', 'ODS code of the organisation')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { org: string }>();
      const connectors = await withCommandContext(options, ({ services, actor }) => listConnectors(services, actor, options.org));
      report(options, { connectors }, () => connectors.map((c) => `${c.kind}\ttenant ${c.tenantId}\tevery ${c.intervalMinutes} min\tlast ${c.lastStatus ?? 'never'} ${c.lastPullAt ?? ''}\tnext ${c.nextPullAt ?? '-'}`).join('\n') || 'No connectors');
    });

  connect
    .command('run-due')
    .description('pull every connector whose interval has passed (for cron or a worker)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const outcomes = await withCommandContext(options, ({ services }) => runDueConnectorPulls(services, systemActor('scheduler:connectors')));
      report(options, { outcomes }, () => outcomes.map((o) => `${o.odsCode}\t${o.kind}\t${o.status}${o.importId ? `\t${o.importId}${o.duplicate ? ' (unchanged)' : ''}` : ''}${o.error ? `\t${o.error}` : ''}`).join('\n') || 'Nothing due');
    });
}
