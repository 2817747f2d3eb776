import type { ErrorCode } from '../core/errors.js';

/** The one place where Ward's error codes become process exit codes (documented in the README). */
export const exitCodeByCode: Record<ErrorCode, number> = {
  INTERNAL: 1,
  INVALID_INPUT: 2,
  NOT_FOUND: 3,
  CONFLICT: 4,
  GONE: 4,
  UNAUTHENTICATED: 5,
  FORBIDDEN: 5,
  ACCOUNT_LOCKED: 5,
  RATE_LIMITED: 5,
  CONFIG_INVALID: 6,
  DB_URL_INVALID: 6,
  DB_UNREACHABLE: 6,
  INGEST_UNREADABLE: 7,
  INGEST_UNKNOWN_FORMAT: 7,
  PAYLOAD_TOO_LARGE: 7,
  AUDIT_TAMPERED: 8,
  NOT_IMPLEMENTED: 9,
  UPSTREAM_FAILED: 10,
};

export const usageExitCode = 2;
