import type { WardRoute } from '../http/route-definition.js';
import type { OidcSettings } from '../services/oidc/oidc-settings.js';
import { alertBoardPages } from './pages/alert-board-page.js';
import { alertPages } from './pages/alert-pages.js';
import { drillAcknowledgementPages } from './pages/drill-acknowledgement-pages.js';
import { drillPages } from './pages/drill-pages.js';
import { incidentPages } from './pages/incident-pages.js';
import { oidcPages } from './pages/oidc-pages.js';
import { nationalPages } from './pages/national-page.js';
import { organisationPages } from './pages/organisation-page.js';
import { organisationAlertPages } from './pages/organisation-alert-pages.js';
import { organisationChecksPages } from './pages/organisation-checks-page.js';
import { organisationFormPages } from './pages/organisation-form-pages.js';
import { organisationTableExportPages } from './pages/organisation-table-exports.js';
import { organisationListPages } from './pages/organisations-page.js';
import { sessionPages } from './pages/session-pages.js';
import { twoFactorPages } from './pages/two-factor-pages.js';

export type WebRouteOptions = { cookieSecure: boolean; signInPerMinute: number; uploadLimitBytes?: number; uploadsPerMinute?: number; oidc?: OidcSettings | null };

/** Every page of the web UI. Like the API's routes, the authorisation matrix walks this list. */
export function webRoutes(options: WebRouteOptions): WardRoute[] {
  return [
    ...sessionPages({ ...options, oidc: options.oidc ?? null }),
    ...twoFactorPages(options),
    ...oidcPages({ cookieSecure: options.cookieSecure, oidc: options.oidc ?? null }),
    ...nationalPages,
    ...drillAcknowledgementPages,
    ...organisationListPages,
    ...organisationPages({ ...(options.uploadLimitBytes !== undefined ? { uploadLimitBytes: options.uploadLimitBytes } : {}), ...(options.uploadsPerMinute !== undefined ? { uploadsPerMinute: options.uploadsPerMinute } : {}) }),
    ...organisationChecksPages,
    ...organisationAlertPages,
    ...organisationFormPages,
    ...drillPages,
    ...incidentPages,
    ...organisationTableExportPages,
    ...alertPages,
    ...alertBoardPages,
  ];
}
