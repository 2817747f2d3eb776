import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WardError } from '../../core/errors.js';

/**
 * Connector secrets at rest: AES-256-GCM with a 96-bit random nonce and the row's identity as
 * additional data, so a ciphertext copied onto another organisation's row does not decrypt.
 * Stored as `v1.<nonce>.<tag>.<ciphertext>` (base64url).
 */
export function sealSecret(key: Buffer, plaintext: string, boundTo: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', nonce, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function openSecret(key: Buffer, sealed: string, boundTo: string): string {
  const [version, nonce, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || nonce === undefined || tag === undefined || ciphertext === undefined) {
    throw new WardError('CONFIG_INVALID', 'A stored connector secret is not in a format Ward knows');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new WardError('CONFIG_INVALID', 'A stored connector secret does not decrypt: WARD_SECRET_KEY differs from the key it was stored with', {}, { cause: error });
  }
}

/** WARD_SECRET_KEY: 32 bytes as 64 hex digits or base64 (`openssl rand -base64 32`). */
export function parseSecretKey(value: string): Buffer | undefined {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : undefined;
}
