import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export type TestIdentityProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next person to reach the login prompt is (their `sub`); their claims come from `accounts`. */
  signInAs(accountId: string): void;
  /** Follows a fresh browser's redirects from the authorization URL back to Ward's redirect URI. */
  authorize(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
};

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on loopback, for sign-in tests. Its
 * login and consent prompts are answered at once for the account chosen with `signInAs`, the way a
 * person who is already signed in at their identity provider would pass through.
 */
export async function startIdentityProvider(options: { redirectUri: string; accounts: Record<string, Record<string, unknown>> }): Promise<TestIdentityProvider> {
  // Created once the server listens, since the issuer URL carries the port.
  const holder: { provider?: Provider } = {};
  let nextAccount = '';
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const provider = holder.provider;
    if (!provider) return void response.writeHead(503).end();
    if (request.url?.startsWith('/interaction/')) {
      void answerPrompt(provider, request, response, nextAccount).catch((error: unknown) => response.writeHead(500).end(String(error)));
      return;
    }
    provider.callback()(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'ward-test';
  const clientSecret = 'a-test-client-secret-of-enough-length-for-hs256';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  holder.provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'ward-test', alg: 'RS256', use: 'sig' }] },
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [options.redirectUri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: (_context, sub) => {
      const claims = options.accounts[sub];
      return claims ? { accountId: sub, claims: () => ({ sub, ...claims }) } : undefined;
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['test-cookie-key-not-secret'] },
  });
  const jar = new Map<string, string>();
  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (accountId) => void (nextAccount = accountId),
    async authorize(authorizationUrl) {
      // A fresh browser each time: no provider session carries over from the last person.
      jar.clear();
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop += 1) {
        if (url.href.startsWith(options.redirectUri)) return url;
        const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair] = cookie.split(';');
          const [name, ...value] = (pair ?? '').split('=');
          if (name) jar.set(name.trim(), value.join('='));
        }
        const location = response.headers.get('location');
        if (!location) throw new Error(`the identity provider answered ${response.status} at ${url.href}: ${(await response.text()).slice(0, 300)}`);
        url = new URL(location, url);
      }
      throw new Error('too many redirects at the identity provider');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function answerPrompt(provider: Provider, request: IncomingMessage, response: ServerResponse, accountId: string): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  const clientId = String(details.params.client_id);
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(request, response, { login: { accountId } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session?.accountId ?? accountId, clientId });
  if (!grant) throw new Error('grant not found');
  grant.addOIDCScope('openid email');
  await provider.interactionFinished(request, response, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}
