import { WardError } from '../../core/errors.js';
import type { ServiceContext } from '../context.js';

/** TOTP secrets are sealed under WARD_SECRET_KEY: they must be read back to check a code, so they cannot be hashed. */
export function totpKey(context: ServiceContext): Buffer {
  const key = context.connectors?.secretKey;
  if (!key) throw new WardError('CONFIG_INVALID', 'WARD_SECRET_KEY is not set: authenticator (TOTP) secrets are sealed with it (e.g. `openssl rand -base64 32`)');
  return key;
}
