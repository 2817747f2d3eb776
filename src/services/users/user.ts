import type { Selectable } from 'kysely';
import { isRole, type Role } from '../../core/roles.js';
import type { UserTable } from '../../storage/schema.js';

/** A user as the API shows it: never the password hash. */
export type User = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  lockedUntil: string | null;
  disabled: boolean;
  createdAt: string;
};

export function toUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: isRole(row.role) ? row.role : 'org-member',
    organisationId: row.organisation_id,
    lockedUntil: row.locked_until,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
  };
}

/** E-mail addresses are compared case-insensitively; one canonical form is stored. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
