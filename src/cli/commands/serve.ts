import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { systemActor } from '../../core/principal.js';
import { startReassessmentLoop } from '../../services/assessment/reassessment-loop.js';
import { openCommandContext, type GlobalOptions } from '../command-context.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('HTTP API and web UI')
    .option('--port <port>', 'port to listen on (WARD_PORT, default 8080)')
    .option('--host <host>', 'address to listen on (WARD_HOST, default 127.0.0.1)')
    .option('--reassess-every <seconds>', 'how often to re-assess organisations with new evidence or intel (default 60; 0 = never)', '60')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { port?: string; host?: string; reassessEvery: string }>();
      const every = Number(options.reassessEvery);
      if (!Number.isFinite(every) || every < 0) throw invalidInput('--reassess-every is a number of seconds', { reassessEvery: 'invalid' });
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
      const stop = async () => {
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
