import * as client from 'openid-client';
import type { ServiceContext } from '../context.js';
import { hashSecret } from '../ids.js';
import { oidcConfiguration } from './oidc-client.js';
import type { OidcSettings } from './oidc-settings.js';

/** How long the user has at the identity provider before the sign-in must start again. */
const requestMinutes = 10;

/**
 * The first leg of an authorization-code sign-in: a fresh state, nonce and PKCE verifier (S256)
 * kept server-side under a hash of the state, and the provider's URL to send the browser to.
 */
export async function beginOidcSignIn(context: ServiceContext, settings: OidcSettings, next: string | null): Promise<URL> {
  const configuration = await oidcConfiguration(settings);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const now = context.clock.now();
  const { db } = context.database;
  await db.deleteFrom('oidc_requests').where('expires_at', '<=', now.toISOString()).execute();
  await db
    .insertInto('oidc_requests')
    .values({ state_hash: hashSecret(state), nonce, code_verifier: codeVerifier, next_path: next, created_at: now.toISOString(), expires_at: new Date(now.getTime() + requestMinutes * 60_000).toISOString() })
    .execute();
  return client.buildAuthorizationUrl(configuration, {
    redirect_uri: settings.redirectUri,
    scope: 'openid email',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
}
