import type { Command } from 'commander';
import { runWorkerLoop, runWorkerOnce, type WorkerOptions } from '../../jobs/worker.js';
import { smtpSender } from '../../services/outbox/transports.js';
import { openCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('runs the scheduler (deadlines, escalations, exposure catch-up) and delivers the outbox (e-mail, webhooks)')
    .option('--once', 'one round, then exit (for cron or tests)')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { once?: boolean }>();
      const context = await openCommandContext(o);
      const settings = context.settings.notifications;
      const email = settings.smtpUrl ? smtpSender(settings.smtpUrl, settings.smtpFrom) : null;
      const options: WorkerOptions = { context: context.services, delivery: { email, secretKey: settings.secretKey, leaseSeconds: settings.leaseSeconds } };
      try {
        if (o.once) {
          const tick = await runWorkerOnce(options);
          report(o, tick, () => `Tasks: ${tick.tasks.map((t) => `${t.name} ${t.ok ? 'ok' : `failed: ${t.error}`}`).join('; ')}\nOutbox: ${tick.outbox.sent} sent, ${tick.outbox.retrying} to retry, ${tick.outbox.failed} failed`);
          return;
        }
        if (!email) process.stderr.write('WARD_SMTP_URL is not set: e-mails wait in the outbox until a worker with SMTP settings runs\n');
        const stop = new AbortController();
        process.once('SIGINT', () => stop.abort());
        process.once('SIGTERM', () => stop.abort());
        process.stderr.write(`Ward worker on ${context.settings.database.display}, every ${settings.pollSeconds}s\n`);
        await runWorkerLoop(options, {
          pollSeconds: settings.pollSeconds,
          signal: stop.signal,
          onTick: (tick) => {
            for (const task of tick.tasks) if (!task.ok) process.stderr.write(`task ${task.name} failed: ${task.error}\n`);
            if (tick.outbox.claimed > 0) process.stderr.write(`outbox: ${tick.outbox.sent} sent, ${tick.outbox.retrying} to retry, ${tick.outbox.failed} failed\n`);
          },
        });
      } finally {
        email?.close();
        await context.close();
      }
    });
}
