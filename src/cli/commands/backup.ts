import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { WardError } from '../../core/errors.js';
import { loadSettings } from '../../config/settings.js';
import { backupDatabase } from '../../services/backup/backup-database.js';
import { restoreDatabase } from '../../services/backup/restore-database.js';
import { operatorActor, withCommandContext, type GlobalOptions } from '../command-context.js';
import { report } from '../output.js';

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'where to write the backup (SQLite: a database file; PostgreSQL: a pg_dump custom-format archive)')
    .description('copies the whole database while Ward keeps running (SQLite online backup API, or pg_dump)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const result = await withCommandContext(options, ({ services, actor }) => backupDatabase(services, actor, { file }));
      report(options, result, () => `Backup of the ${result.engine} database written to ${result.file}: ${result.bytes} bytes, SHA-256 ${result.sha256} (${result.seconds.toFixed(1)} s)`);
    });

  program
    .command('restore')
    .argument('<file>', 'a file written by ward backup')
    .option('--force', 'replace a database that already holds data')
    .description('restores a ward backup into the database (stop ward serve and workers first); refuses a database with data unless --force')
    .action(async (file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { force?: boolean }>();
      const settings = loadSettings(process.env, options.db !== undefined ? { db: options.db } : {});
      const result = await restoreDatabase(settings.database, systemClock, operatorActor(), { file, force: options.force === true });
      report(options, result, () =>
        result.audit.ok
          ? `Restored ${result.file} (SHA-256 ${result.sha256}) into ${settings.database.display}${result.replaced ? ', replacing its data' : ''}. Audit log intact: ${result.audit.rows} entries, last #${result.audit.lastSeq ?? 0} ${result.audit.lastHash ?? ''}`
          : `Restored ${result.file}, but the audit log fails verification: ${result.audit.problems.map((p) => `#${p.seq} ${p.problem}`).join(', ')}`,
      );
      if (!result.audit.ok) throw new WardError('AUDIT_TAMPERED', `The restored audit log fails verification at ${result.audit.problems.length} place(s)`, { reported: true });
    });
}
