import type { Command } from 'commander';
import { addWebhook } from '../../services/outbox/add-webhook.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';
import { readStdin } from '../read-stdin.js';

export function registerWebhookCommands(program: Command): void {
  const webhook = program.command('webhook').description('URLs told about alert events, signed with HMAC-SHA256');
  webhook
    .command('add')
    .description('add a webhook (national, or one organisation\'s with --org); the signing secret is shown once')
    .requiredOption('--url <url>', 'where to POST the JSON events')
    .option('--org <code>', 'only events of this organisation')
    .option('--name <name>', 'a label')
    .option('--secret-stdin', 'read the signing secret from standard input instead of generating one')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { url: string; org?: string; name?: string; secretStdin?: boolean }>();
      const secret = o.secretStdin ? (await readStdin()).trim() : undefined;
      const added = await withCommandContext(o, ({ services, actor, settings }) =>
        addWebhook(services, actor, { url: o.url, odsCode: o.org ?? null, secretKey: settings.notifications.secretKey, ...(o.name ? { name: o.name } : {}), ...(secret !== undefined ? { secret } : {}) }),
      );
      report(o, added, () => `Added webhook ${added.id} → ${added.url}${added.odsCode ? ` (${added.odsCode})` : ' (national)'}\nSigning secret (shown once): ${added.secret}`);
    });
}
