import type { WardRoute } from '../route-definition.js';
import { assessmentRoutes } from './assessments.js';
import { alertRoutes } from './alerts.js';
import { auditRoutes } from './audit.js';
import { exposureRoutes } from './exposure.js';
import { connectorRoutes } from './connectors.js';
import { healthRoutes } from './health.js';
import { intelRoutes } from './intel.js';
import { importRoutes } from './imports.js';
import { openApiRoutes } from './openapi.js';
import { organisationRoutes } from './organisations.js';
import { sessionRoutes } from './session.js';
import { tokenRoutes } from './tokens.js';
import { userRoutes } from './users.js';
import { drillRoutes } from './drills.js';
import { incidentRoutes } from './incidents.js';
import { readinessRoutes } from './readiness.js';
import { organisationReportRoutes } from './organisation-report.js';
import { nationalRoutes } from './national.js';

export type RouteOptions = { cookieSecure: boolean; signInPerMinute: number; uploadLimitBytes?: number; uploadsPerMinute?: number };

/** Every route of the API. The authorisation test walks this list. */
export function allRoutes(options: RouteOptions): WardRoute[] {
  return [...healthRoutes, ...openApiRoutes, ...sessionRoutes(options), ...organisationRoutes, ...userRoutes, ...tokenRoutes, ...auditRoutes, ...importRoutes({ ...(options.uploadLimitBytes !== undefined ? { uploadLimitBytes: options.uploadLimitBytes } : {}), ...(options.uploadsPerMinute !== undefined ? { uploadsPerMinute: options.uploadsPerMinute } : {}) }), ...intelRoutes, ...exposureRoutes, ...connectorRoutes, ...assessmentRoutes, ...alertRoutes, ...readinessRoutes({ ...(options.uploadsPerMinute !== undefined ? { uploadsPerMinute: options.uploadsPerMinute } : {}) }), ...drillRoutes, ...incidentRoutes, ...organisationReportRoutes, ...nationalRoutes];
}
