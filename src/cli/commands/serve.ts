import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { systemActor } from '../../core/principal.js';
import { startPeriodicLoop } from '../../core/periodic-loop.js';
import { startReassessmentLoop } from '../../services/assessment/reassessment-loop.js';
import { runDueConnectorPulls } from '../../services/connectors/run-due-connector-pulls.js';
import { openCommandContext, type GlobalOptions } from '../command-context.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('HTTP API and web UI')
    .option('--port <port>', 'port to listen on (WARD_PORT, default 8080)')
    .option('--host <host>', 'address to listen on (WARD_HOST, default 127.0.0.1)')
    .option('--reassess-every <seconds>', 'how often to re-assess organisations with new evidence or intel (default 60; 0 = never)', '60')
    .option('--pull-every <seconds>', 'how often to look for connectors (Defender) whose pull is due; each pulls on its own interval (default 60; 0 = never, e.g. when `ward connect run-due` runs from cron)', '60')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { port?: string; host?: string; reassessEvery: string; pullEvery: string }>();
      const every = Number(options.reassessEvery);
      if (!Number.isFinite(every) || every < 0) throw invalidInput('--reassess-every is a number of seconds', { reassessEvery: 'invalid' });
      const pullEvery = Number(options.pullEvery);
      if (!Number.isFinite(pullEvery) || pullEvery < 0) throw invalidInput('--pull-every is a number of seconds', { pullEvery: 'invalid' });
      // Migrations run here, before listening, under the engine's migration lock.
      const context = await openCommandContext(options, { ...(options.port ? { port: options.port } : {}), ...(options.host ? { host: options.host } : {}) });
      const { http, logLevel, oidc } = context.settings;
      // Loaded here, not at the top: other commands never pay for the web stack.
      const { buildServer } = await import('../../http/build-server.js');
      const { app } = await buildServer(context.services, { ...http, logLevel, oidc });
      const loop =
        every > 0
          ? startReassessmentLoop(context.services, systemActor('reassessment'), {
              intervalMs: every * 1000,
              onRound: (outcomes) => app.log.info({ reassessed: outcomes.filter((o) => o.status === 'assessed').length, failed: outcomes.filter((o) => o.status === 'failed') }, 'due assessments processed'),
              onError: (error) => app.log.error({ err: error }, 'due assessments: round failed'),
            })
          : undefined;
      const pulls =
        pullEvery > 0
          ? startPeriodicLoop(
              async () => {
                const outcomes = await runDueConnectorPulls(context.services, systemActor('scheduler:connectors'));
                for (const outcome of outcomes) {
                  if (outcome.status === 'failed') app.log.error({ connector: outcome }, 'connector pull failed');
                  else app.log.info({ connector: outcome }, 'connector pulled');
                }
              },
              { intervalMs: pullEvery * 1000, onError: (error) => app.log.error({ err: error }, 'connector pulls: round failed') },
            )
          : undefined;
      const stop = async () => {
        await pulls?.stop();
        await loop?.stop();
        await app.close();
        // Clients that gave up have closed their connections, so app.close() can return while their
        // uploads still run or wait behind the import gate: let them finish before the database closes.
        await context.services.importGate?.drain();
        await context.close();
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      const address = await app.listen({ port: http.port, host: http.host });
      process.stderr.write(`Ward is serving ${context.settings.database.display} on ${address.replace('127.0.0.1', 'localhost')}\n`);
    });
}
