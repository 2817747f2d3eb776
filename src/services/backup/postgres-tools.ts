import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WardError } from '../../core/errors.js';
import { findPostgresBinary } from '../../storage/postgres-binaries.js';

const execFileAsync = promisify(execFile);

/**
 * Runs pg_dump or pg_restore against a database URL. The password never reaches the command line
 * (where `ps` would show it): it goes in PGPASSWORD and the URL passed on is stripped of it.
 */
export async function runPostgresTool(tool: 'pg_dump' | 'pg_restore', args: readonly string[], url?: string): Promise<string> {
  const binary = findPostgresBinary(tool);
  if (!binary) {
    throw new WardError('CONFIG_INVALID', `${tool} was not found (looked in /usr/lib/postgresql/*/bin, pg_config --bindir and the PATH): install the PostgreSQL client programs of the server's version`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  const fullArgs = [...args];
  if (url !== undefined) {
    const parsed = new URL(url);
    if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
    fullArgs.push(`--dbname=${parsed.href}`);
  }
  try {
    const { stdout } = await execFileAsync(binary, fullArgs, { env, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? '';
    const reason = stderr || (error instanceof Error ? error.message : String(error));
    const code = /connection to server|could not connect|Connection refused/i.test(reason) ? 'DB_UNREACHABLE' : 'INTERNAL';
    throw new WardError(code, `${tool} failed: ${reason.split('\n').slice(0, 5).join(' ')}`, {}, { cause: error });
  }
}
