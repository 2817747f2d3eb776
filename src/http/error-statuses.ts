import type { ErrorCode } from '../core/errors.js';

/** The one place where Ward's error codes become HTTP statuses. */
export const httpStatusByCode: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  INGEST_UNKNOWN_FORMAT: 415,
  INGEST_UNREADABLE: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  CONFIG_INVALID: 500,
  AUDIT_TAMPERED: 500,
  INTERNAL: 500,
  NOT_IMPLEMENTED: 501,
  UPSTREAM_FAILED: 502,
  DB_URL_INVALID: 500,
  DB_UNREACHABLE: 503,
};
