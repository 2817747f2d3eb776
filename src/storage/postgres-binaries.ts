import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Finds a PostgreSQL program (initdb, pg_ctl, pg_dump, pg_restore): the newest
 * /usr/lib/postgresql/<version>/bin first (Debian installs several versions side by side there, and
 * pg_dump must be at least as new as the server), then `pg_config --bindir`, then the PATH.
 */
export function findPostgresBinary(name: string, path = process.env.PATH ?? ''): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', name))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin', name);
  }
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bindir = fromConfig.status === 0 ? fromConfig.stdout.trim() : '';
  if (bindir && existsSync(join(bindir, name))) return join(bindir, name);
  for (const folder of path.split(delimiter)) {
    if (folder && existsSync(join(folder, name))) return join(folder, name);
  }
  return null;
}
