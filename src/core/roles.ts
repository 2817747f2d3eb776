export const roles = ['national-admin', 'national-analyst', 'org-admin', 'org-member', 'assessor'] as const;
export type Role = (typeof roles)[number];

/** National roles see every organisation; the others are tied to one (or, for assessors, assigned ones). */
export const nationalRoles: readonly Role[] = ['national-admin', 'national-analyst'];
export const organisationRoles: readonly Role[] = ['org-admin', 'org-member'];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export const tokenCapabilities = ['ingest', 'read'] as const;
export type TokenCapability = (typeof tokenCapabilities)[number];
