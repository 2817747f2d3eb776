import type { Secret } from '../../config/secret.js';

/** OpenID Connect sign-in (src/config/settings.ts reads it from WARD_OIDC_*); absent when not configured. */
export type OidcSettings = {
  /** The identity provider's issuer URL; its discovery document is read from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: Secret;
  /** Ward's callback as registered at the provider: `https://ward.example/sign-in/oidc/callback`. */
  redirectUri: string;
  /** The ID token claim matched (case-insensitively) to a Ward user's e-mail address. */
  emailClaim: string;
  /** Plain http to the provider: only for a provider on loopback (tests). */
  allowInsecure: boolean;
  /** Label of the sign-in button. */
  label: string;
};
