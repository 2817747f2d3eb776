import { WardError } from '../core/errors.js';

/**
 * Driver error codes that mean "the database went away", not "the request was wrong": sockets
 * refused or reset, and PostgreSQL's SQLSTATE classes 08 (connection exception) and 57P (the server
 * shutting down, crashed or still starting).
 */
const lostConnectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
const lostConnectionMessage = /Connection terminated|terminating connection|Client has encountered a connection error|Connection terminated unexpectedly|the database system is (shutting down|starting up)/i;

/** pg-pool's words when every connection stayed busy for connectionTimeoutMillis: overload, so 503 as well. */
const poolExhaustedMessage = /^timeout exceeded when trying to connect/i;

/**
 * A WardError DB_UNREACHABLE (HTTP 503, exit 6) when `error` (or one of its causes) is a lost
 * database connection, else null. The HTTP error handler and the CLI use it so that a database
 * stopped in the middle of a request gets a stable code rather than "internal error"; the pool
 * opens new connections once the server is back, without restarting Ward.
 */
export function databaseUnreachable(error: unknown): WardError | null {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof WardError) return current.code === 'DB_UNREACHABLE' ? current : null;
    const code = (current as { code?: unknown }).code;
    if (poolExhaustedMessage.test(current.message)) {
      return new WardError('DB_UNREACHABLE', 'The database is busy: no connection became free within the time-out; try again shortly', {}, { cause: error });
    }
    if ((typeof code === 'string' && lostConnectionCodes.has(code)) || lostConnectionMessage.test(current.message)) {
      return new WardError('DB_UNREACHABLE', `The database stopped answering (${current.message.split('\n')[0] ?? 'connection lost'}); try again once it is back`, {}, { cause: error });
    }
    current = current instanceof AggregateError && current.errors.length > 0 ? current.errors[0] : current.cause;
  }
  return null;
}
