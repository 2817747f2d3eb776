import * as client from 'openid-client';
import { WardError } from '../../core/errors.js';
import type { ServiceContext } from '../context.js';
import { hashSecret } from '../ids.js';
import { lockedMessage } from '../sessions/record-failed-sign-in.js';
import { openSession, type StartedSession } from '../sessions/start-session.js';
import { normaliseEmail } from '../users/user.js';
import { oidcConfiguration } from './oidc-client.js';
import type { OidcSettings } from './oidc-settings.js';

const refused = (message: string, cause?: unknown) => new WardError('UNAUTHENTICATED', message, {}, cause === undefined ? {} : { cause });

/**
 * The callback leg: the state must match a request Ward started (used once, within ten minutes);
 * openid-client exchanges the code with the PKCE verifier and verifies the ID token (signature,
 * issuer, audience, expiry, nonce). The configured claim is matched to an existing Ward user: an
 * identity with no Ward account is refused, never created.
 */
export async function completeOidcSignIn(
  context: ServiceContext,
  settings: OidcSettings,
  input: { callbackUrl: URL; sourceIp?: string | null },
): Promise<StartedSession & { next: string | null }> {
  const { db } = context.database;
  const now = context.clock.now();
  const state = input.callbackUrl.searchParams.get('state') ?? '';
  const request = await db.deleteFrom('oidc_requests').where('state_hash', '=', hashSecret(state)).returningAll().executeTakeFirst();
  if (!request || request.expires_at <= now.toISOString()) throw refused('This sign-in was not started here or took too long: start again');

  const configuration = await oidcConfiguration(settings);
  let claims: Record<string, unknown> | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(configuration, input.callbackUrl, {
      pkceCodeVerifier: request.code_verifier,
      expectedState: state,
      expectedNonce: request.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    claims = idToken;
    // Providers that keep the ID token small give the e-mail at the userinfo endpoint (same subject checked).
    if (idToken && idToken[settings.emailClaim] === undefined) claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), ...idToken };
  } catch (error) {
    throw refused('The identity provider did not confirm this sign-in', error);
  }
  const value = claims?.[settings.emailClaim];
  if (typeof value !== 'string' || value === '') throw refused(`The identity provider sent no ${settings.emailClaim} claim`);
  if (settings.emailClaim === 'email' && claims?.email_verified === false) throw refused('The identity provider says this e-mail address is not verified');

  const user = await db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(value)).executeTakeFirst();
  if (!user || user.disabled_at !== null) throw refused('There is no Ward account for this identity: ask a national admin or your organisation admin to add one');
  if (user.locked_until !== null && user.locked_until > now.toISOString()) throw new WardError('ACCOUNT_LOCKED', lockedMessage(user.locked_until), { lockedUntil: user.locked_until });
  const session = await openSession(context, user, { method: 'oidc', sourceIp: input.sourceIp ?? null });
  return { ...session, next: request.next_path };
}
