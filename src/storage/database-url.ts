import { isAbsolute, resolve } from 'node:path';
import { WardError } from '../core/errors.js';

export type DatabaseTarget =
  | { engine: 'sqlite'; path: string; display: string }
  | { engine: 'postgres'; url: string; display: string };

export const defaultDatabasePath = 'ward-data/ward.db';

/**
 * Reads `--db`/`WARD_DB`: nothing → the embedded database under ./ward-data, `sqlite:PATH` → another
 * SQLite file, `postgres://…`/`postgresql://…` → PostgreSQL. Anything else is refused here, before
 * any connection is tried, so a typo never creates a stray database file.
 */
export function parseDatabaseUrl(raw: string | undefined, cwd = process.cwd()): DatabaseTarget {
  const value = raw?.trim() ?? '';
  if (value === '') return sqliteTarget(defaultDatabasePath, cwd);
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw badUrl(value, 'sqlite: needs a file path, e.g. sqlite:./ward-data/ward.db');
    return sqliteTarget(path, cwd);
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw badUrl(value, 'it is not a valid URL');
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) throw badUrl(value, 'it names no host');
    return { engine: 'postgres', url: value, display: redactPassword(parsed) };
  }
  throw badUrl(value, 'use sqlite:PATH or postgres://user@host:port/database');
}

function sqliteTarget(path: string, cwd: string): DatabaseTarget {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  return { engine: 'sqlite', path: absolute, display: `sqlite:${absolute}` };
}

function redactPassword(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href;
}

function badUrl(value: string, why: string): WardError {
  // The URL may hold a password: show only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0] ?? value.slice(0, 12);
  return new WardError('DB_URL_INVALID', `Database URL "${scheme}…" is not usable: ${why}`);
}
