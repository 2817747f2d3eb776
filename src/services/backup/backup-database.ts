import { renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { hashFile } from '../imports/hash-file.js';
import { runPostgresTool } from './postgres-tools.js';

export type BackupResult = { engine: 'sqlite' | 'postgres'; file: string; bytes: number; sha256: string; seconds: number };

/**
 * `ward backup FILE`: a consistent copy of the whole database while Ward keeps running. SQLite
 * through its online backup API (better-sqlite3 `backup()`: pages copied in steps, writers carry on,
 * the copy is of one instant); PostgreSQL through `pg_dump --format=custom` (one snapshot). The copy
 * is written beside FILE and renamed into place, so a failed backup never leaves a half file.
 */
export async function backupDatabase(context: ServiceContext, actor: Actor, input: { file: string }): Promise<BackupResult> {
  authorize(actor.principal, 'database:backup');
  const started = process.hrtime.bigint();
  const partial = join(dirname(input.file), `.${basename(input.file)}.partial`);
  const { engine, raw, target } = context.database;
  try {
    if (raw.sqlite) {
      await raw.sqlite.backup(partial);
    } else if (target.engine === 'postgres') {
      await runPostgresTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`], target.url);
    }
    renameSync(partial, input.file);
  } finally {
    rmSync(partial, { force: true });
  }
  return {
    engine,
    file: input.file,
    bytes: statSync(input.file).size,
    sha256: await hashFile(input.file),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
