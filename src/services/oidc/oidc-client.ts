import * as client from 'openid-client';
import { WardError } from '../../core/errors.js';
import type { OidcSettings } from './oidc-settings.js';

/** Plain http is only used when the operator allowed it for a loopback provider (the settings refuse it otherwise). */
// eslint-disable-next-line @typescript-eslint/no-deprecated
const insecure = { execute: [client.allowInsecureRequests] };

const configurations = new WeakMap<OidcSettings, Promise<client.Configuration>>();

/** The provider's metadata and keys, discovered once per settings object (and retried after a failure). */
export function oidcConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  let found = configurations.get(settings);
  if (!found) {
    found = client
      .discovery(new URL(settings.issuer), settings.clientId, { redirect_uris: [settings.redirectUri], response_types: ['code'] }, client.ClientSecretPost(settings.clientSecret.reveal()), settings.allowInsecure ? insecure : {})
      .catch((error: unknown) => {
        configurations.delete(settings);
        throw new WardError('UPSTREAM_FAILED', `The identity provider ${settings.issuer} could not be reached`, {}, { cause: error });
      });
    configurations.set(settings, found);
  }
  return found;
}
