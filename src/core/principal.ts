import type { Role, TokenCapability } from './roles.js';

/**
 * Who is acting. Every use case receives one and passes it to the authorisation module; nothing
 * reads "the current user" from anywhere else.
 */
export type Principal =
  | {
      type: 'user';
      userId: string;
      label: string;
      role: Role;
      /** The user's own organisation (organisation roles). */
      organisationId: string | null;
      /** Organisations an assessor has been assigned to. */
      assignedOrganisationIds: readonly string[];
    }
  | { type: 'token'; tokenId: string; label: string; organisationId: string; capabilities: readonly TokenCapability[] }
  /** The operator at the command line: whoever can run `ward` against the database already owns it. */
  | { type: 'system'; label: string };

/** The request context a change is audited with. */
export type Actor = { principal: Principal; sourceIp?: string | null };

export function systemActor(label = 'cli'): Actor {
  return { principal: { type: 'system', label } };
}

export function principalId(principal: Principal): string | null {
  if (principal.type === 'user') return principal.userId;
  if (principal.type === 'token') return principal.tokenId;
  return null;
}
