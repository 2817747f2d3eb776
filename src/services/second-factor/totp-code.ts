import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app does it: SHA-1, 6 digits, 30-second steps. */
const period = 30;
const issuer = 'Ward';

function totpOf(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period, secret: Secret.fromBase32(secretBase32) });
}

/** A fresh 160-bit secret (RFC 4226's recommended length), base32 as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI an authenticator app reads (as a QR code or pasted). */
export function totpUri(secretBase32: string, label: string): string {
  return totpOf(secretBase32, label).toString();
}

/**
 * The 30-second step a code belongs to, accepting the step before and after `now` (clock drift),
 * or null when the code is wrong. Callers refuse a step at or before the last one accepted (replay).
 */
export function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secretBase32, 'check').validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / period) + delta;
}

/** The code an app shows at `at` (tests and the CLI's self-check). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpOf(secretBase32, 'check').generate({ timestamp: at.getTime() });
}
