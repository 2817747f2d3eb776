import { z } from 'zod';
import { WardError } from '../core/errors.js';
import { parseDatabaseUrl, type DatabaseTarget } from '../storage/database-url.js';
import { defaultSecuritySettings, type SecuritySettings } from '../services/context.js';
import { defaultEndoflifeProducts, defaultIntelSyncUrls, defaultOsvEcosystems, type IntelSyncSettings } from '../services/intel/sync/intel-sync-settings.js';
import { Secret } from './secret.js';
import { defaultDefenderEndpoints, type ConnectorSettings } from '../services/connectors/connector-settings.js';
import { parseSecretKey } from '../services/connectors/secret-box.js';
import type { OidcSettings } from '../services/oidc/oidc-settings.js';

export type Settings = {
  database: DatabaseTarget;
  /** PostgreSQL connections per process, and imports run at once per process (the others queue). */
  limits: { poolSize: number; importConcurrency: number };
  http: { host: string; port: number; publicUrl: string; cookieSecure: boolean; trustProxy: boolean; bodyLimitBytes: number; uploadLimitBytes: number; signInPerMinute: number; uploadsPerMinute: number };
  security: SecuritySettings;
  intelSync: IntelSyncSettings;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  connectors: ConnectorSettings;
  notifications: NotificationSettings;
  /** OpenID Connect sign-in; null when WARD_OIDC_ISSUER is not set. */
  oidc: OidcSettings | null;
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

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const feedUrl = z
  .string()
  .refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol), 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''));
const productList = z
  .string()
  .transform((value) => value.split(',').map((p) => p.trim()).filter((p) => p.length > 0))
  .refine((list) => list.length > 0 && list.every((p) => /^[a-z0-9][a-z0-9.-]*$/.test(p)), 'must be a comma-separated list of endoflife.date product ids');
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const environmentSchema = z.object({
  WARD_DB: z.string().optional(),
  WARD_HOST: z.string().min(1).default('127.0.0.1'),
  WARD_PORT: integer(0, 65535).default(8080),
  WARD_PUBLIC_URL: feedUrl.optional(),
  WARD_COOKIE_SECURE: flag.default(false),
  WARD_TRUST_PROXY: flag.default(false),
  WARD_BODY_LIMIT_BYTES: integer(1024, 100 * 1024 * 1024).default(1024 * 1024),
  WARD_UPLOAD_LIMIT_BYTES: integer(1024, 64 * 1024 ** 3).default(2 * 1024 ** 3),
  WARD_SIGN_IN_PER_MINUTE: integer(1, 10_000).default(20),
  WARD_UPLOADS_PER_MINUTE: integer(1, 10_000).default(30),
  WARD_DB_POOL_SIZE: integer(2, 1000).default(10),
  WARD_IMPORT_CONCURRENCY: integer(1, 100).default(4),
  WARD_LOCKOUT_THRESHOLD: integer(1, 10).default(defaultSecuritySettings.lockoutThreshold),
  WARD_LOCKOUT_MINUTES: integer(1, 24 * 60).default(defaultSecuritySettings.lockoutMinutes),
  WARD_SESSION_IDLE_MINUTES: integer(1, 24 * 60).default(defaultSecuritySettings.sessionIdleMinutes),
  WARD_SESSION_HOURS: integer(1, 24 * 7).default(defaultSecuritySettings.sessionAbsoluteHours),
  WARD_NATIONAL_TOTP: flag.default(defaultSecuritySettings.nationalTotpRequired),
  WARD_NVD_URL: feedUrl.default(defaultIntelSyncUrls.nvd),
  WARD_NVD_API_KEY: z.string().trim().optional(),
  WARD_KEV_URL: feedUrl.default(defaultIntelSyncUrls.kev),
  WARD_EPSS_URL: feedUrl.default(defaultIntelSyncUrls.epss),
  WARD_ENDOFLIFE_URL: feedUrl.default(defaultIntelSyncUrls.endoflife),
  WARD_ENDOFLIFE_PRODUCTS: productList.optional(),
  WARD_MSRC_URL: feedUrl.default(defaultIntelSyncUrls.msrc),
  WARD_CVE5_URL: feedUrl.default(defaultIntelSyncUrls.cve5),
  WARD_OSV_URL: feedUrl.default(defaultIntelSyncUrls.osv),
  WARD_OSV_ECOSYSTEMS: z.string().trim().min(1).transform((v) => v.split(',').map((e) => e.trim()).filter((e) => e.length > 0)).optional(),
  WARD_CVE5_KEV_GAP_LIMIT: integer(0, 100_000).default(200),
  WARD_INTEL_TIMEOUT_SECONDS: integer(1, 3600).default(300),
  WARD_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  WARD_SMTP_FROM: z.string().min(3).default('Ward <ward@localhost>'),
  WARD_NOTIFY_MAX_ATTEMPTS: integer(1, 50).default(8),
  WARD_NOTIFY_LEASE_SECONDS: integer(5, 24 * 3600).default(300),
  WARD_WORKER_POLL_SECONDS: integer(1, 3600).default(5),
  WARD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  // Never echoed in an error message: only whether it is well-formed.
  WARD_SECRET_KEY: z
    .string()
    .optional()
    .refine((value) => value === undefined || value === '' || parseSecretKey(value) !== undefined, { error: 'must be 32 bytes, as 64 hex digits or base64' }),
  WARD_DEFENDER_TOKEN_URL: z.url().default(defaultDefenderEndpoints.tokenUrl),
  WARD_DEFENDER_API_URL: z.url().default(defaultDefenderEndpoints.apiBaseUrl),
  WARD_DEFENDER_PAGE_SIZE: integer(1, 200_000).default(defaultDefenderEndpoints.pageSize),
  WARD_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  WARD_OIDC_CLIENT_ID: z.string().min(1).optional(),
  WARD_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  WARD_OIDC_REDIRECT_URL: z.url({ protocol: /^https?$/ }).optional(),
  WARD_OIDC_EMAIL_CLAIM: z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/, 'must be a claim name').default('email'),
  WARD_OIDC_ALLOW_HTTP: flag.default(false),
  WARD_OIDC_LABEL: z.string().min(1).max(80).default('Sign in with your organisation account'),
}).superRefine((env, problems) => {
  // Each import holds a PostgreSQL connection for its transaction (and reads beside it): the readers need the rest.
  if (/^postgres(ql)?:/.test(env.WARD_DB ?? '') && env.WARD_IMPORT_CONCURRENCY * 2 > env.WARD_DB_POOL_SIZE) {
    problems.addIssue({ code: 'custom', path: ['WARD_IMPORT_CONCURRENCY'], message: `must be at most half of WARD_DB_POOL_SIZE (${String(env.WARD_DB_POOL_SIZE)}) on PostgreSQL: each import holds a connection and readers need the others` });
  }
  // All or nothing, and plain http only on purpose and only to loopback.
  const oidc = ['WARD_OIDC_ISSUER', 'WARD_OIDC_CLIENT_ID', 'WARD_OIDC_CLIENT_SECRET', 'WARD_OIDC_REDIRECT_URL'] as const;
  if (oidc.some((name) => env[name] !== undefined)) {
    for (const name of oidc) if (env[name] === undefined) problems.addIssue({ code: 'custom', path: [name], message: 'is required when any WARD_OIDC_* setting is given' });
  }
  if (env.WARD_OIDC_ISSUER?.startsWith('http:') && !(env.WARD_OIDC_ALLOW_HTTP && ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(env.WARD_OIDC_ISSUER).hostname))) {
    problems.addIssue({ code: 'custom', path: ['WARD_OIDC_ISSUER'], message: 'must be https (http only to a loopback provider with WARD_OIDC_ALLOW_HTTP=true)' });
  }
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
    limits: { poolSize: env.WARD_DB_POOL_SIZE, importConcurrency: env.WARD_IMPORT_CONCURRENCY },
    http: {
      host: env.WARD_HOST,
      port: env.WARD_PORT,
      publicUrl: env.WARD_PUBLIC_URL ?? `http://${env.WARD_HOST.includes(':') ? `[${env.WARD_HOST}]` : env.WARD_HOST}:${env.WARD_PORT}`,
      cookieSecure: env.WARD_COOKIE_SECURE,
      trustProxy: env.WARD_TRUST_PROXY,
      bodyLimitBytes: env.WARD_BODY_LIMIT_BYTES,
      uploadLimitBytes: env.WARD_UPLOAD_LIMIT_BYTES,
      signInPerMinute: env.WARD_SIGN_IN_PER_MINUTE,
      uploadsPerMinute: env.WARD_UPLOADS_PER_MINUTE,
    },
    security: {
      lockoutThreshold: env.WARD_LOCKOUT_THRESHOLD,
      lockoutMinutes: env.WARD_LOCKOUT_MINUTES,
      passwordMinLength: defaultSecuritySettings.passwordMinLength,
      sessionIdleMinutes: env.WARD_SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: env.WARD_SESSION_HOURS,
      nationalTotpRequired: env.WARD_NATIONAL_TOTP,
    },
    intelSync: {
      nvd: { url: env.WARD_NVD_URL, apiKey: env.WARD_NVD_API_KEY ? new Secret(env.WARD_NVD_API_KEY) : null },
      kevUrl: env.WARD_KEV_URL,
      epssUrl: env.WARD_EPSS_URL,
      endoflife: { url: env.WARD_ENDOFLIFE_URL, products: env.WARD_ENDOFLIFE_PRODUCTS ?? defaultEndoflifeProducts },
      msrcUrl: env.WARD_MSRC_URL,
      coverage: { cve5Url: env.WARD_CVE5_URL, osvUrl: env.WARD_OSV_URL, osvEcosystems: env.WARD_OSV_ECOSYSTEMS ?? defaultOsvEcosystems, kevGapLimit: env.WARD_CVE5_KEV_GAP_LIMIT },
      timeoutMs: env.WARD_INTEL_TIMEOUT_SECONDS * 1000,
    },
    logLevel: env.WARD_LOG_LEVEL,
    connectors: {
      ...(env.WARD_SECRET_KEY ? { secretKey: parseSecretKey(env.WARD_SECRET_KEY) } : {}),
      defender: { ...defaultDefenderEndpoints, tokenUrl: env.WARD_DEFENDER_TOKEN_URL, apiBaseUrl: env.WARD_DEFENDER_API_URL, pageSize: env.WARD_DEFENDER_PAGE_SIZE },
    },
    notifications: {
      smtpUrl: env.WARD_SMTP_URL ?? null,
      smtpFrom: env.WARD_SMTP_FROM,
      secretKey: env.WARD_SECRET_KEY ? (parseSecretKey(env.WARD_SECRET_KEY) ?? null) : null,
      maxAttempts: env.WARD_NOTIFY_MAX_ATTEMPTS,
      leaseSeconds: env.WARD_NOTIFY_LEASE_SECONDS,
      pollSeconds: env.WARD_WORKER_POLL_SECONDS,
    },
    oidc:
      env.WARD_OIDC_ISSUER && env.WARD_OIDC_CLIENT_ID && env.WARD_OIDC_CLIENT_SECRET && env.WARD_OIDC_REDIRECT_URL
        ? {
            issuer: env.WARD_OIDC_ISSUER,
            clientId: env.WARD_OIDC_CLIENT_ID,
            clientSecret: new Secret(env.WARD_OIDC_CLIENT_SECRET),
            redirectUri: env.WARD_OIDC_REDIRECT_URL,
            emailClaim: env.WARD_OIDC_EMAIL_CLAIM,
            allowInsecure: env.WARD_OIDC_ALLOW_HTTP,
            label: env.WARD_OIDC_LABEL,
          }
        : null,
  };
}
