import type { Transaction } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { openSecret } from '../outbox/secret-box.js';
import { matchingStep } from './totp-code.js';

/**
 * Checks a code against the user's stored secret and, in the same statement that records it,
 * refuses a step at or before the last one accepted: a code seen once (or an older one) never
 * works again, even when two requests race.
 */
export async function acceptTotpCode(
  trx: Transaction<Database>,
  key: Buffer,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const row = await trx.selectFrom('user_totp').select(['secret_sealed', 'last_step']).where('user_id', '=', userId).executeTakeFirst();
  if (!row) return false;
  const step = matchingStep(openSecret(key, row.secret_sealed), code.trim(), now);
  if (step === null) return false;
  const result = await trx
    .updateTable('user_totp')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
