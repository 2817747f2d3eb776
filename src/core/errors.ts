/**
 * The one error type of Ward's core. Codes are stable: the HTTP layer and the CLI each map them
 * to a status or an exit code in one table, so the domain never picks a transport detail.
 */
export const errorCodes = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  /** Something that existed is used up or expired for good (a one-time link used twice or too late). */
  'GONE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'ACCOUNT_LOCKED',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'CONFIG_INVALID',
  'DB_UNREACHABLE',
  'DB_URL_INVALID',
  'AUDIT_TAMPERED',
  'INGEST_UNREADABLE',
  'INGEST_UNKNOWN_FORMAT',
  'NOT_IMPLEMENTED',
  /** An outside service (an intel feed, a connector's API) could not be reached or kept failing: the message names the URL and status. */
  'UPSTREAM_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Where in an input file a problem was found, so users can open the file at that spot. */
export type SourceLocation = {
  file?: string;
  line?: number;
  column?: number;
  /** An element path such as `NessusClientData_v2/Report/ReportHost[3]` or a JSON pointer. */
  path?: string;
};

export type WardErrorDetails = {
  location?: SourceLocation;
  /** Per-field problems for INVALID_INPUT, keyed by field path. */
  fields?: Record<string, string>;
  [key: string]: unknown;
};

export class WardError extends Error {
  override readonly name = 'WardError';
  constructor(
    readonly code: ErrorCode,
    /** Safe to show to any user: never includes secrets or another organisation's data. */
    message: string,
    readonly details: WardErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isWardError(error: unknown): error is WardError {
  return error instanceof WardError;
}

export function invalidInput(message: string, fields?: Record<string, string>): WardError {
  return new WardError('INVALID_INPUT', message, fields ? { fields } : {});
}

export function notFound(what: string): WardError {
  return new WardError('NOT_FOUND', `${what} not found`);
}

export function forbidden(message = 'You are not allowed to do that'): WardError {
  return new WardError('FORBIDDEN', message);
}

/** Formats a location as `file:line:column (path)` for messages. */
export function describeLocation(location: SourceLocation): string {
  const position = [location.file, location.line, location.column].filter((part) => part !== undefined).join(':');
  return location.path ? `${position}${position ? ' ' : ''}(${location.path})` : position;
}
