import type { Clock } from '../core/clock.js';
import type { ConcurrencyGate } from '../core/concurrency-gate.js';
import type { WardDatabase } from '../storage/open-database.js';
import type { ConnectorSettings } from './connectors/connector-settings.js';

export type SecuritySettings = {
  /** Cyber Essentials: no more than 10 guesses before an account is locked. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  passwordMinLength: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** National roles must sign in with an authenticator code (TOTP); without one they may only set it up. */
  nationalTotpRequired: boolean;
};

export const defaultSecuritySettings: SecuritySettings = {
  lockoutThreshold: 10,
  lockoutMinutes: 30,
  passwordMinLength: 12,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  nationalTotpRequired: true,
};

/** What every use case needs besides its actor and input. */
export type ServiceContext = {
  database: WardDatabase;
  clock: Clock;
  security: SecuritySettings;
  /** Outbound connectors (Defender): endpoints and the secret key. Absent: the defaults, no key. */
  connectors?: ConnectorSettings;
  /** Where people reach Ward from outside (WARD_PUBLIC_URL): links in messages point there. */
  publicUrl?: string;
  /** Imports run at once in this process (WARD_IMPORT_CONCURRENCY); the others wait. Absent: no limit (CLI, tests). */
  importGate?: ConcurrencyGate;
};
