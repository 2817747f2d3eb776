import type { FastifyRequest } from 'fastify';
import { can } from '../core/authorization.js';
import type { Principal } from '../core/principal.js';
import type { Role } from '../core/roles.js';

export const roleLabels: Record<Role, string> = {
  'national-admin': 'National admin',
  'national-analyst': 'National analyst',
  'org-admin': 'Organisation admin',
  'org-member': 'Organisation member',
  assessor: 'Assessor',
};

type NavItem = { href: string; text: string; current: boolean; active: boolean };

/** What every page's layout needs: who is signed in, the navigation and the token forms echo. */
export function layoutData(request: FastifyRequest): Promise<Record<string, unknown>> {
  const principal = request.principal;
  const path = request.url.split('?')[0] ?? '/';
  const nav: NavItem[] = [];
  if (principal) {
    if (can(principal, 'national:read')) nav.push(item('/national', 'National dashboard', path));
    else nav.push(item('/', 'Home', path));
    if (can(principal, 'org:list')) nav.push(item('/organisations', 'Organisations', path));
    if (seesAlerts(principal)) nav.push(item('/alerts', 'Alerts', path));
    if (can(principal, 'drill:read')) nav.push(item('/drills', 'Drills', path));
    if (can(principal, 'incident:read-national')) nav.push(item('/incidents', 'Incidents', path));
  }
  return Promise.resolve({
    signedIn: principal?.type === 'user' ? { label: principal.label, role: roleLabels[principal.role] } : principal?.type === 'token' ? { label: principal.label, role: 'API token' } : null,
    nav,
    csrfToken: request.csrfToken ?? '',
    path,
  });
}

/** National roles see every alert; organisation users and read tokens the alerts sent to their organisation. */
function seesAlerts(principal: Principal): boolean {
  if (can(principal, 'alert:read-national')) return true;
  const organisationId = principal.type === 'user' || principal.type === 'token' ? principal.organisationId : null;
  return organisationId !== null && can(principal, 'alert:read', organisationId);
}

function item(href: string, text: string, path: string): NavItem {
  return { href, text, current: path === href, active: href !== '/' && path.startsWith(`${href}/`) };
}
