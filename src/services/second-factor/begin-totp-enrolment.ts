import { WardError, forbidden, notFound } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { sealSecret } from '../outbox/secret-box.js';
import { newTotpSecret, totpUri } from './totp-code.js';
import { totpKey } from './totp-key.js';

export type TotpEnrolment = { secret: string; uri: string };

/** Users set up their own authenticator; the CLI (the operator on the server) may do it for anyone. */
export function checkOwnAccount(actor: Actor, userId: string): void {
  const principal = actor.principal;
  if (principal.type === 'system') return;
  if (principal.type !== 'user' || principal.userId !== userId) throw forbidden('Only the account holder can set up their authenticator');
}

/**
 * Starts setting up an authenticator app: a new secret, shown once as an otpauth:// URI, stored
 * sealed and unconfirmed until a code from the app proves it was scanned. Starting again replaces
 * an unconfirmed secret; a confirmed one must first be reset by a national admin.
 */
export async function beginTotpEnrolment(context: ServiceContext, actor: Actor, userId: string): Promise<TotpEnrolment> {
  checkOwnAccount(actor, userId);
  const key = totpKey(context);
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  const secret = newTotpSecret();
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'email', 'organisation_id']).where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('User');
    const existing = await trx.selectFrom('user_totp').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
    if (existing?.confirmed_at) throw new WardError('CONFLICT', 'An authenticator is already set up for this account; a national admin can reset it');
    await trx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
    await trx.insertInto('user_totp').values({ user_id: userId, secret_sealed: sealSecret(key, secret), confirmed_at: null, last_step: null, created_at: now.toISOString() }).execute();
    await appendAudit(trx, capabilities, actor, { action: 'user.totp-enrolment-started', objectType: 'user', objectId: userId, organisationId: user.organisation_id }, now);
    return { secret, uri: totpUri(secret, user.email) };
  });
}
