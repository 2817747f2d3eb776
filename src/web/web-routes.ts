import type { WardRoute } from '../http/route-definition.js';
import { nationalPages } from './pages/national-page.js';
import { organisationPages } from './pages/organisation-page.js';
import { organisationListPages } from './pages/organisations-page.js';
import { sessionPages } from './pages/session-pages.js';

export type WebRouteOptions = { cookieSecure: boolean; signInPerMinute: number; uploadLimitBytes?: number };

/** Every page of the web UI. Like the API's routes, the authorisation matrix walks this list. */
export function webRoutes(options: WebRouteOptions): WardRoute[] {
  return [
    ...sessionPages(options),
    ...nationalPages,
    ...organisationListPages,
    ...organisationPages(options.uploadLimitBytes !== undefined ? { uploadLimitBytes: options.uploadLimitBytes } : {}),
  ];
}
