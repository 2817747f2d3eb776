import { z } from 'zod';
import { WardError, isWardError } from '../../core/errors.js';
import { secondFactorSetupPage, setSessionCookie } from '../../http/authenticate.js';
import type { WardRoute } from '../../http/route-definition.js';
import { beginOidcSignIn } from '../../services/oidc/begin-oidc-sign-in.js';
import { completeOidcSignIn } from '../../services/oidc/complete-oidc-sign-in.js';
import type { OidcSettings } from '../../services/oidc/oidc-settings.js';
import { defineWebRoute } from '../web-route.js';
import { homeFor } from './home-path.js';
import { safeNext } from './session-pages.js';

function configured(oidc: OidcSettings | null): OidcSettings {
  if (!oidc) throw new WardError('NOT_FOUND', 'Sign-in through an identity provider is not configured here (WARD_OIDC_ISSUER)');
  return oidc;
}

/** OpenID Connect sign-in: off to the identity provider, and back with a code. */
export function oidcPages(options: { cookieSecure: boolean; oidc: OidcSettings | null }): WardRoute[] {
  return [
    defineWebRoute({
      method: 'GET',
      url: '/sign-in/oidc',
      summary: 'Sign in through the identity provider (OpenID Connect, authorization code with PKCE)',
      access: { kind: 'public' },
      querystring: z.object({ next: z.string().max(2000).optional() }).strict(),
      async handler({ query, context }) {
        const url = await beginOidcSignIn(context, configured(options.oidc), safeNext(query.next));
        return { redirect: url.href };
      },
    }),
    defineWebRoute({
      method: 'GET',
      url: '/sign-in/oidc/callback',
      summary: 'Where the identity provider sends the browser back with a code',
      access: { kind: 'public' },
      // The provider's parameters (code, state, iss, session_state, error…) are checked by openid-client.
      querystring: z.record(z.string(), z.string().max(4000)),
      async handler({ request, reply, context }) {
        const settings = configured(options.oidc);
        const callbackUrl = new URL(request.url, settings.redirectUri);
        try {
          const session = await completeOidcSignIn(context, settings, { callbackUrl, sourceIp: request.ip });
          setSessionCookie(reply, session, options.cookieSecure);
          if (session.stage === 'totp-pending') return { redirect: `/sign-in/totp${session.next ? `?next=${encodeURIComponent(session.next)}` : ''}` };
          if (session.stage === 'totp-enrol') return { redirect: secondFactorSetupPage };
          return { redirect: session.next ?? (await homeFor(context, session.principal)) };
        } catch (error) {
          if (isWardError(error) && (error.code === 'UNAUTHENTICATED' || error.code === 'ACCOUNT_LOCKED')) {
            const text = error.message;
            return { view: 'sign-in.njk', status: error.code === 'ACCOUNT_LOCKED' ? 423 : 401, data: { errors: [{ href: '#email', text }], fieldErrors: {}, oidcLabel: settings.label, lockoutThreshold: context.security.lockoutThreshold, lockoutMinutes: context.security.lockoutMinutes } };
          }
          throw error;
        }
      },
    }),
  ];
}
