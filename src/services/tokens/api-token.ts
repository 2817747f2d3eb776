import type { Selectable } from 'kysely';
import { tokenCapabilities, type TokenCapability } from '../../core/roles.js';
import type { ApiTokenTable } from '../../storage/schema.js';

/** A token as listed: never its secret, which is shown once at creation. */
export type ApiToken = {
  id: string;
  organisationId: string;
  name: string;
  capabilities: TokenCapability[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
};

export function parseCapabilities(json: string): TokenCapability[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((c): c is TokenCapability => typeof c === 'string' && (tokenCapabilities as readonly string[]).includes(c));
}

export function toApiToken(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    capabilities: parseCapabilities(row.capabilities),
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** Tokens read `ward_<id>.<secret>`: the id finds the row, the secret is checked against its hash. */
export const tokenPrefix = 'ward_';

export function formatToken(id: string, secret: string): string {
  return `${tokenPrefix}${id}.${secret}`;
}

export function splitToken(raw: string): { id: string; secret: string } | null {
  if (!raw.startsWith(tokenPrefix)) return null;
  const body = raw.slice(tokenPrefix.length);
  const dot = body.indexOf('.');
  if (dot <= 0 || dot === body.length - 1) return null;
  return { id: body.slice(0, dot), secret: body.slice(dot + 1) };
}
