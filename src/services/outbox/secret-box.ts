import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WardError } from '../../core/errors.js';

/**
 * Secrets Ward must use again later (webhook signing keys) cannot be hashed: they are sealed with
 * AES-256-GCM under WARD_SECRET_KEY. Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export function sealSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openSecret(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) throw new WardError('INTERNAL', 'A stored secret has an unknown format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new WardError('CONFIG_INVALID', 'A stored secret cannot be opened: WARD_SECRET_KEY is not the key it was sealed with', {}, { cause: error });
  }
}

export function requireSecretKey(key: Buffer | null): Buffer {
  if (!key) throw new WardError('CONFIG_INVALID', 'WARD_SECRET_KEY is not set: webhooks need it to keep their signing secrets (e.g. `openssl rand -base64 32`)');
  return key;
}
