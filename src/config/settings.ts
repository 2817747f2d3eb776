import { z } from 'zod';
import { WardError } from '../core/errors.js';
import { parseDatabaseUrl, type DatabaseTarget } from '../storage/database-url.js';
import { defaultSecuritySettings, type SecuritySettings } from '../services/context.js';

export type Settings = {
  database: DatabaseTarget;
  http: { host: string; port: number; cookieSecure: boolean; trustProxy: boolean; bodyLimitBytes: number; uploadLimitBytes: number; signInPerMinute: number };
  security: SecuritySettings;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  notifications: NotificationSettings;
};

/** Where notices go and how the worker treats them (services/outbox). */
export type NotificationSettings = {
  /** `smtp://user:pass@host:port` or `smtps://…`; absent: e-mails wait in the outbox. */
  smtpUrl: string | null;
  smtpFrom: string;
  /** 32 bytes that encrypt webhook secrets (AES-256-GCM); absent: webhooks cannot be added or signed. */
  secretKey: Buffer | null;
  maxAttempts: number;
  leaseSeconds: number;
  pollSeconds: number;
};

/** WARD_SECRET_KEY: 32 bytes as 64 hex digits or as base64. */
const secretKey = z
  .string()
  .transform((value, context) => {
    const trimmed = value.trim();
    const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
    if (bytes.length !== 32) {
      context.addIssue({ code: 'custom', message: 'must be 32 bytes: 64 hex digits or base64 (e.g. `openssl rand -base64 32`)' });
      return z.NEVER;
    }
    return bytes;
  });

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const environmentSchema = z.object({
  WARD_DB: z.string().optional(),
  WARD_HOST: z.string().min(1).default('127.0.0.1'),
  WARD_PORT: integer(0, 65535).default(8080),
  WARD_COOKIE_SECURE: flag.default(false),
  WARD_TRUST_PROXY: flag.default(false),
  WARD_BODY_LIMIT_BYTES: integer(1024, 100 * 1024 * 1024).default(1024 * 1024),
  WARD_UPLOAD_LIMIT_BYTES: integer(1024, 64 * 1024 ** 3).default(2 * 1024 ** 3),
  WARD_SIGN_IN_PER_MINUTE: integer(1, 10_000).default(20),
  WARD_LOCKOUT_THRESHOLD: integer(1, 10).default(defaultSecuritySettings.lockoutThreshold),
  WARD_LOCKOUT_MINUTES: integer(1, 24 * 60).default(defaultSecuritySettings.lockoutMinutes),
  WARD_SESSION_IDLE_MINUTES: integer(1, 24 * 60).default(defaultSecuritySettings.sessionIdleMinutes),
  WARD_SESSION_HOURS: integer(1, 24 * 7).default(defaultSecuritySettings.sessionAbsoluteHours),
  WARD_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  WARD_SMTP_FROM: z.string().min(3).default('Ward <ward@localhost>'),
  WARD_SECRET_KEY: secretKey.optional(),
  WARD_NOTIFY_MAX_ATTEMPTS: integer(1, 50).default(8),
  WARD_NOTIFY_LEASE_SECONDS: integer(5, 24 * 3600).default(300),
  WARD_WORKER_POLL_SECONDS: integer(1, 3600).default(5),
  WARD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
});

/**
 * Reads every setting once, at start, from the environment and the command line's overrides. All
 * problems are reported together so an operator fixes them in one go.
 */
export function loadSettings(environment: NodeJS.ProcessEnv, overrides: { db?: string; port?: string; host?: string } = {}): Settings {
  const merged = {
    ...environment,
    ...(overrides.db !== undefined ? { WARD_DB: overrides.db } : {}),
    ...(overrides.port !== undefined ? { WARD_PORT: overrides.port } : {}),
    ...(overrides.host !== undefined ? { WARD_HOST: overrides.host } : {}),
  };
  const parsed = environmentSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new WardError('CONFIG_INVALID', `Invalid settings:\n  ${problems.join('\n  ')}`, { problems });
  }
  const env = parsed.data;
  return {
    database: parseDatabaseUrl(env.WARD_DB),
    http: {
      host: env.WARD_HOST,
      port: env.WARD_PORT,
      cookieSecure: env.WARD_COOKIE_SECURE,
      trustProxy: env.WARD_TRUST_PROXY,
      bodyLimitBytes: env.WARD_BODY_LIMIT_BYTES,
      uploadLimitBytes: env.WARD_UPLOAD_LIMIT_BYTES,
      signInPerMinute: env.WARD_SIGN_IN_PER_MINUTE,
    },
    security: {
      lockoutThreshold: env.WARD_LOCKOUT_THRESHOLD,
      lockoutMinutes: env.WARD_LOCKOUT_MINUTES,
      passwordMinLength: defaultSecuritySettings.passwordMinLength,
      sessionIdleMinutes: env.WARD_SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: env.WARD_SESSION_HOURS,
    },
    logLevel: env.WARD_LOG_LEVEL,
    notifications: {
      smtpUrl: env.WARD_SMTP_URL ?? null,
      smtpFrom: env.WARD_SMTP_FROM,
      secretKey: env.WARD_SECRET_KEY ?? null,
      maxAttempts: env.WARD_NOTIFY_MAX_ATTEMPTS,
      leaseSeconds: env.WARD_NOTIFY_LEASE_SECONDS,
      pollSeconds: env.WARD_WORKER_POLL_SECONDS,
    },
  };
}
