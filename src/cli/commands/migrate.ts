import type { Command } from 'commander';
import { loadSettings } from '../../config/settings.js';
import { migrateToLatest } from '../../storage/migrate.js';
import { openDatabase } from '../../storage/open-database.js';
import type { GlobalOptions } from '../command-context.js';
import { report } from '../output.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const settings = loadSettings(process.env, options.db !== undefined ? { db: options.db } : {});
      const database = await openDatabase(settings.database);
      try {
        const outcome = await migrateToLatest(database);
        report(options, { database: settings.database.display, ...outcome }, () =>
          outcome.applied.length ? `Applied ${outcome.applied.join(', ')}; schema at ${outcome.current ?? 'none'}` : `Schema already at ${outcome.current ?? 'none'}`,
        );
      } finally {
        await database.close();
      }
    });
}
