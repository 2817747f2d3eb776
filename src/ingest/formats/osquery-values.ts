/** osquery logs every column as a string unless `--logger_numerics` is set; accept both. */
export type OsqueryRow = Record<string, string>;

export function toRow(value: unknown): OsqueryRow | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const row: OsqueryRow = {};
  for (const [key, cell] of Object.entries(value as Record<string, unknown>)) {
    if (typeof cell === 'string') row[key] = cell;
    else if (typeof cell === 'number' || typeof cell === 'boolean') row[key] = String(cell);
    else if (cell === null) row[key] = '';
    else return undefined;
  }
  return row;
}

export function text(row: OsqueryRow, column: string): string | undefined {
  const value = row[column]?.trim();
  return value ? value : undefined;
}

/** `unixTime` is seconds since the epoch (a string in the default logger output). */
export function isoFromUnixSeconds(value: unknown): string | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Windows dates as osquery passes them on: `programs.install_date` is the registry's YYYYMMDD,
 * `patches.installed_on` is WMI's M/D/YYYY. Anything else is dropped rather than guessed.
 */
export function isoDateFromWindows(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (match) return validDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (match) return validDate(Number(match[3]), Number(match[1]), Number(match[2]));
  match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (match) return validDate(Number(match[1]), Number(match[2]), Number(match[3]));
  return undefined;
}

function validDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date.toISOString().slice(0, 10);
}
