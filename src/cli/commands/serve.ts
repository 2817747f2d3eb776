import type { Command } from 'commander';
import { openCommandContext, type GlobalOptions } from '../command-context.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('HTTP API and web UI')
    .option('--port <port>', 'port to listen on (WARD_PORT, default 8080)')
    .option('--host <host>', 'address to listen on (WARD_HOST, default 127.0.0.1)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { port?: string; host?: string }>();
      // Migrations run here, before listening, under the engine's migration lock.
      const context = await openCommandContext(options, { ...(options.port ? { port: options.port } : {}), ...(options.host ? { host: options.host } : {}) });
      const { http, logLevel } = context.settings;
      // Loaded here, not at the top: other commands never pay for the web stack.
      const { buildServer } = await import('../../http/build-server.js');
      const { app } = await buildServer(context.services, { ...http, logLevel });
      const stop = async () => {
        await app.close();
        await context.close();
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      const address = await app.listen({ port: http.port, host: http.host });
      process.stderr.write(`Ward is serving ${context.settings.database.display} on ${address.replace('127.0.0.1', 'localhost')}\n`);
    });
}
