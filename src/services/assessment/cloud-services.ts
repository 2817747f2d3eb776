/**
 * The organisation's cloud services and their accounts for the assessment, from CURRENT evidence:
 * a service is a device of asset kind `cloud-service` (an Entra ID tenant is one, named by its
 * export), and its accounts are the `cloud_accounts` rows of the newest completed import per
 * (service, format) (services/evidence/current-evidence.ts). One account reported by both Entra
 * exports is judged by the stronger evidence: sign-in logs that show whether MFA was required
 * (`enforced` / `not-enforced`) over the registration report (`capable` / `not-capable`); its role
 * is `admin` if any source says so (sign-in logs carry no roles, so an account only they report
 * counts as a normal user). docs/formats/entra-id.md explains the judgement.
 *
 * An inventory may also list "Microsoft 365" (or Office 365, Entra ID, Azure AD) as a cloud service
 * of its own, with no accounts: when the organisation has exactly one Entra tenant with accounts,
 * that entry IS the tenant and is folded into it rather than judged "no accounts reported".
 */
import type { CloudAccount, CloudService } from '../../assessment/assessment-input.js';
import { pushTo } from '../../core/multi-map.js';
import type { ServiceContext } from '../context.js';

export type CloudDevice = { id: string; name: string; serialNumber: string | null };

const microsoftService = /microsoft 365|office 365|\bm365\b|\bo365\b|\bentra\b|azure (ad|active directory)/i;
const tenantSerial = /^ENTRA-TENANT:(.+)$/i;

type AccountRow = { account_id: string; user_principal_name: string; role: string | null; mfa_state: string; mfa_judged_by: string; import_id: string; seq: number };

const strength: Record<string, number> = { enforced: 3, 'not-enforced': 3, capable: 2, 'not-capable': 2, unknown: 1 };

function accountOf(rows: readonly AccountRow[]): CloudAccount {
  const best = [...rows].sort((a, b) => (strength[b.mfa_state] ?? 0) - (strength[a.mfa_state] ?? 0) || a.import_id.localeCompare(b.import_id) || a.seq - b.seq)[0];
  if (best === undefined) throw new Error('an account has no rows');
  const mfaEnabled = best.mfa_state === 'enforced' || best.mfa_state === 'capable' ? true : best.mfa_state === 'not-enforced' || best.mfa_state === 'not-capable' ? false : undefined;
  return {
    id: best.account_id,
    username: best.user_principal_name,
    role: rows.some((r) => r.role === 'admin') ? 'admin' : 'user',
    ...(mfaEnabled !== undefined ? { mfaEnabled } : {}),
    mfaEvidence: best.mfa_judged_by,
  };
}

export async function readCloudServices(
  context: ServiceContext,
  organisationId: string,
  devices: readonly CloudDevice[],
  currentImportsOf: (deviceId: string) => readonly string[],
): Promise<CloudService[]> {
  const rowsOf = new Map<string, AccountRow[]>();
  for (const device of devices) {
    const importIds = currentImportsOf(device.id);
    if (importIds.length === 0) continue;
    const rows = await context.database.db
      .selectFrom('cloud_accounts')
      .select(['account_id', 'user_principal_name', 'role', 'mfa_state', 'mfa_judged_by', 'import_id', 'seq'])
      .where('organisation_id', '=', organisationId)
      .where('device_id', '=', device.id)
      .where('import_id', 'in', [...importIds])
      .execute();
    for (const row of rows) pushTo(rowsOf, device.id, row);
  }
  const tenants = devices.filter((d) => rowsOf.has(d.id));
  const services: CloudService[] = [];
  for (const device of devices) {
    const rows = rowsOf.get(device.id);
    if (rows === undefined) {
      if (tenants.length === 1 && microsoftService.test(device.name)) continue;
      services.push({ id: device.id, name: device.name, accounts: [] });
      continue;
    }
    const byAccount = new Map<string, AccountRow[]>();
    for (const row of rows) pushTo(byAccount, row.account_id.toLowerCase(), row);
    const accounts = [...byAccount.values()].map(accountOf).sort((a, b) => a.username.localeCompare(b.username) || a.id.localeCompare(b.id));
    const tenant = tenantSerial.exec(device.serialNumber ?? '')?.[1];
    services.push({ id: device.id, name: device.name, kind: 'saas', ...(tenant !== undefined ? { identityProvider: `entra:${tenant.toLowerCase()}` } : {}), accounts });
  }
  return services.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
