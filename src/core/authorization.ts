import { forbidden } from './errors.js';
import type { Principal } from './principal.js';
import type { Role, TokenCapability } from './roles.js';

/**
 * Every access decision in Ward is made here. An action either concerns one organisation (then the
 * organisation id is required) or the whole system (national scope).
 */
export const actions = {
  'org:list': 'system',
  'org:create': 'system',
  'org:read': 'organisation',
  'org:update': 'organisation',
  'user:list': 'organisation',
  'user:create': 'organisation',
  'user:list-national': 'system',
  'user:create-national': 'system',
  'user:unlock': 'system',
  /** Removing a user's authenticator (a lost phone): national admins only. */
  'user:reset-second-factor': 'system',
  'token:list': 'organisation',
  'token:create': 'organisation',
  'token:revoke': 'organisation',
  'audit:read': 'organisation',
  'audit:read-national': 'system',
  'audit:verify': 'system',
  /** Backup and restore of the whole database: the operator at the command line (and national admins, who may do everything). */
  'database:backup': 'system',
  'database:restore': 'system',
  'import:create': 'organisation',
  'import:list': 'organisation',
  'exposure:read': 'organisation',
  'device:list': 'organisation',
  'session:read': 'system',
  /** A signed-in person's own account (their authenticator); never an API token. */
  'account:manage': 'system',
  'intel:load': 'system',
  'intel:read': 'system',
  /** Figures across every organisation (the national dashboard, the national summary): national roles only. */
  'national:read': 'system',
  'connector:list': 'organisation',
  'connector:manage': 'organisation',
  'connector:pull': 'organisation',
  'connector:run-due': 'system',
  'assessment:read': 'organisation',
  'assessment:run': 'organisation',
  'assessment:sample': 'organisation',
  'assessment:record': 'organisation',
  'alert:issue': 'system',
  'alert:read-national': 'system',
  'alert:approve-exception': 'system',
  'alert:read': 'organisation',
  'alert:acknowledge': 'organisation',
  'alert:request-exception': 'organisation',
  'webhook:manage': 'system',
  /** Incident readiness: an organisation's contacts, response plans, exercises and their actions. */
  'readiness:read': 'organisation',
  'readiness:manage': 'organisation',
  /** Every organisation's readiness (missing and overdue plans, overdue actions) and the national team's contacts. */
  'readiness:read-national': 'system',
  'readiness:manage-national': 'system',
  /** Communication drills are started and closed by the national team only. */
  'drill:run': 'system',
  'drill:read': 'system',
  'incident:report': 'organisation',
  'incident:read': 'organisation',
  'incident:read-national': 'system',
} as const satisfies Record<string, 'system' | 'organisation'>;

export type Action = keyof typeof actions;

type RoleRule = { system: readonly Action[]; ownOrganisation: readonly Action[] };

/** Assessors read their assigned organisations' evidence, exposure and assessments, draw the CE+ sample and record the manual tests. */
const assessorWork: readonly Action[] = ['org:read', 'exposure:read', 'assessment:read', 'assessment:run', 'assessment:sample', 'assessment:record'];
/** Organisation members see what was imported, what it is exposed to and how the organisation is assessed. */
const memberReads: readonly Action[] = ['org:read', 'import:list', 'exposure:read', 'device:list', 'assessment:read', 'alert:read', 'readiness:read', 'incident:read'];

/** What each role may do, nationally and within the organisations it belongs or is assigned to. */
const roleRules: Record<Role, RoleRule | 'everything'> = {
  'national-admin': 'everything',
  'national-analyst': {
    system: ['org:list', 'user:list-national', 'audit:read-national', 'session:read', 'intel:read', 'national:read', 'alert:read-national', 'readiness:read-national', 'drill:read', 'incident:read-national', 'account:manage'],
    ownOrganisation: ['org:read', 'user:list', 'token:list', 'audit:read', 'import:list', 'exposure:read', 'device:list', 'connector:list', 'assessment:read', 'alert:read', 'readiness:read', 'incident:read'],
  },
  'org-admin': {
    system: ['org:list', 'session:read', 'intel:read', 'account:manage'],
    ownOrganisation: ['org:read', 'user:list', 'user:create', 'token:list', 'token:create', 'token:revoke', 'audit:read', 'import:create', 'import:list', 'exposure:read', 'device:list', 'connector:list', 'connector:manage', 'connector:pull', 'assessment:read', 'assessment:run', 'alert:read', 'alert:acknowledge', 'alert:request-exception', 'readiness:read', 'readiness:manage', 'incident:report', 'incident:read'],
  },
  'org-member': { system: ['org:list', 'session:read', 'account:manage', 'intel:read'], ownOrganisation: memberReads },
  assessor: { system: ['org:list', 'session:read', 'account:manage', 'intel:read'], ownOrganisation: assessorWork },
};

const capabilityRules: Record<TokenCapability, readonly Action[]> = {
  ingest: ['import:create'],
  read: ['org:read', 'import:list', 'exposure:read', 'device:list', 'assessment:read', 'alert:read'],
};

/** True when `principal` may perform `action` (on `organisationId` for organisation actions). */
export function can(principal: Principal, action: Action, organisationId: string | null = null): boolean {
  const scope = actions[action];
  if (scope === 'organisation' && organisationId === null) return false;
  switch (principal.type) {
    case 'system':
      return true;
    case 'token':
      return (
        (action === 'session:read' ||
          (scope === 'organisation' && organisationId === principal.organisationId &&
            principal.capabilities.some((capability) => capabilityRules[capability].includes(action))))
      );
    case 'user': {
      const rule = roleRules[principal.role];
      if (rule === 'everything') return true;
      if (scope === 'system') return rule.system.includes(action);
      if (!rule.ownOrganisation.includes(action)) return false;
      if (principal.role === 'national-analyst') return true;
      if (principal.role === 'assessor') return principal.assignedOrganisationIds.includes(organisationId ?? '');
      return principal.organisationId === organisationId;
    }
  }
}

export function authorize(principal: Principal, action: Action, organisationId: string | null = null): void {
  if (!can(principal, action, organisationId)) throw forbidden();
}

/** Organisations whose rows a principal may read; `'all'` for national scope. Used to filter lists. */
export function readableOrganisations(principal: Principal): 'all' | readonly string[] {
  switch (principal.type) {
    case 'system':
      return 'all';
    case 'token':
      return principal.capabilities.includes('read') ? [principal.organisationId] : [];
    case 'user':
      if (principal.role === 'national-admin' || principal.role === 'national-analyst') return 'all';
      if (principal.role === 'assessor') return principal.assignedOrganisationIds;
      return principal.organisationId ? [principal.organisationId] : [];
  }
}
