/**
 * The Microsoft Entra ID tenant an export describes, as the one cloud-service asset its accounts
 * belong to. Graph's userRegistrationDetails and signIns rows carry no tenant id, so the tenant is
 * named by its users' sign-in domain: the most common domain of member user principal names
 * (ties: alphabetical), else, when every account is a guest, the tenant's own domain after
 * `#EXT#@`. The same tenant exported twice, or by both reports, gets the same name, and so the
 * same device (matched on the serial `ENTRA-TENANT:<domain>`, which no machine has).
 */
import type { SourceLocation } from '../../core/errors.js';
import type { AssetRecord, CloudAccountRecord } from '../evidence.js';

export const tenantAssetRef = 'entra-tenant';

export function tenantOf(userPrincipalNames: Iterable<string>): string {
  const members = new Map<string, number>();
  const guests = new Map<string, number>();
  for (const upn of userPrincipalNames) {
    const lower = upn.toLowerCase();
    const guest = lower.lastIndexOf('#ext#@');
    const [counts, domain] = guest >= 0 ? [guests, lower.slice(guest + 6)] : [members, lower.slice(lower.lastIndexOf('@') + 1)];
    if (!lower.includes('@') || domain === '') continue;
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  const best = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  return best(members) ?? best(guests) ?? 'unknown';
}

export const tenantLabel = (tenant: string): string => `Microsoft 365 (tenant ${tenant})`;

export function tenantAsset(tenant: string, location: SourceLocation): AssetRecord {
  return {
    kind: 'asset',
    assetRef: tenantAssetRef,
    assetKind: 'cloud-service',
    hostname: tenantLabel(tenant),
    serialNumber: `ENTRA-TENANT:${tenant}`,
    ipAddresses: [],
    macAddresses: [],
    externalIds: { entraTenant: tenant },
    location,
  };
}

/** The asset, then its accounts in the order the file first named them. */
export function* tenantRecords(accounts: readonly CloudAccountRecord[], file: string): Generator<AssetRecord | CloudAccountRecord> {
  if (accounts.length === 0) return;
  yield tenantAsset(tenantOf(accounts.map((a) => a.userPrincipalName)), { file });
  yield* accounts;
}

/** `true`/`false` as JSON booleans or the strings a spreadsheet round trip leaves. */
export function graphFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

export const graphText = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
