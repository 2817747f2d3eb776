import { authorize, can } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { OrganisationFilter } from '../assessment/national-summary.js';
import type { ServiceContext } from '../context.js';
import { readingContext } from '../reading-context.js';
import { cachedNational } from './national-cache.js';
import { readNationalDashboard, type NationalDashboard } from './read-national-dashboard.js';

/**
 * The cache key of a national view: what it was asked for (`what` and the filter) and the panels the
 * actor may see, so a view is only ever served to callers who would have been given the same one.
 */
export function nationalCacheKey(what: string, actor: Actor, filter: OrganisationFilter): string {
  return JSON.stringify([what, can(actor.principal, 'incident:read-national'), can(actor.principal, 'drill:read'), filter.region ?? null, filter.kind ?? null]);
}

/** `readNationalDashboard`, kept until the national data changes (see national-cache.ts). */
export async function readNationalDashboardCached(context: ServiceContext, actor: Actor, filter: OrganisationFilter = {}): Promise<NationalDashboard> {
  authorize(actor.principal, 'national:read');
  return cachedNational(context, nationalCacheKey('dashboard', actor, filter), () => readNationalDashboard(readingContext(context), actor, filter));
}
