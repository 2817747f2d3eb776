import type { ObservationRecord, ObservationValue } from '../evidence.js';
import type { LocatedRow } from './osquery-state.js';
import type { OsqueryTable } from './osquery-tables.js';
import { text } from './osquery-values.js';

type Draft = { value: ObservationValue; from: LocatedRow; table: OsqueryTable };

/** Well-known SID of the local Administrators group; osquery reports its RID (544) as the gid. */
const administratorsSid = 'S-1-5-32-544';
const administratorsRid = '544';

/**
 * Derives configuration facts. One value per key and host: tables are read in order of
 * directness (the product list before the Security Center health summary), first wins.
 */
export function observationRecords(
  assetRef: string,
  tables: Map<OsqueryTable, LocatedRow[]>,
  isWindows: boolean,
): ObservationRecord[] {
  const drafts = new Map<string, Draft>();
  const put = (
    key: string,
    value: ObservationValue,
    from: LocatedRow | undefined,
    table: OsqueryTable,
  ): void => {
    if (from && !drafts.has(key)) drafts.set(key, { value, from, table });
  };

  const system = tables.get('system_info')?.at(-1);
  if (system) {
    for (const [column, key] of [
      ['cpu_brand', 'hardware.cpu'],
      ['hardware_vendor', 'hardware.vendor'],
      ['hardware_model', 'hardware.model'],
    ] as const) {
      const value = text(system.row, column);
      if (value) put(key, value, system, 'system_info');
    }
    const memory = Number(text(system.row, 'physical_memory'));
    if (Number.isFinite(memory) && memory > 0) put('hardware.memory_bytes', memory, system, 'system_info');
  }

  const kernel = tables.get('kernel_info')?.at(-1);
  const kernelVersion = kernel && text(kernel.row, 'version');
  if (kernelVersion) put('kernel.version', kernelVersion, kernel, 'kernel_info');

  securityProducts(tables.get('windows_security_products'), put);
  securityCenter(tables.get('windows_security_center')?.at(-1), put);

  const smb1 = (tables.get('windows_optional_features') ?? []).find(
    (r) => text(r.row, 'name')?.toLowerCase() === 'smb1protocol',
  );
  if (smb1) {
    // state: 1 Enabled, 2 Disabled, 3 Absent (windows_optional_features spec).
    const enabled =
      text(smb1.row, 'state') === '1' || text(smb1.row, 'statename')?.toLowerCase() === 'enabled';
    put('smb1.enabled', enabled, smb1, 'windows_optional_features');
  }

  localAdministrators(tables, isWindows, put);

  return [...drafts].map(([key, { value, from, table }]) => {
    const record: ObservationRecord = {
      kind: 'observation',
      assetRef,
      key,
      value,
      source: `osquery:${table}`,
      location: from.location,
    };
    if (from.observedAt) record.observedAt = from.observedAt;
    return record;
  });
}

type Put = (key: string, value: ObservationValue, from: LocatedRow | undefined, table: OsqueryTable) => void;

function securityProducts(rows: LocatedRow[] | undefined, put: Put): void {
  if (!rows) return;
  const ofType = (type: string): LocatedRow[] =>
    rows.filter((r) => text(r.row, 'type')?.toLowerCase() === type);
  const isOn = (r: LocatedRow): boolean => text(r.row, 'state')?.toLowerCase() === 'on';
  const antivirus = ofType('antivirus');
  const first = rows[0];
  // The table lists every product registered with Security Center: no antivirus row means none.
  put('av.present', antivirus.length > 0, antivirus[0] ?? first, 'windows_security_products');
  if (antivirus.length > 0) {
    const active = antivirus.filter(isOn);
    const reference = active[0] ?? antivirus[0];
    put('av.enabled', active.length > 0, reference, 'windows_security_products');
    const names = (active.length > 0 ? active : antivirus)
      .map((r) => text(r.row, 'name'))
      .filter((n) => n !== undefined);
    put('av.product', names.join('; '), reference, 'windows_security_products');
    const upToDate = (active.length > 0 ? active : antivirus).some(
      (r) => text(r.row, 'signatures_up_to_date') === '1',
    );
    put('av.signatures_up_to_date', upToDate, reference, 'windows_security_products');
  }
  // The built-in Windows Firewall is not always registered, so absence proves nothing here.
  const firewalls = ofType('firewall');
  if (firewalls.length > 0) {
    const active = firewalls.find(isOn);
    put('firewall.enabled', active !== undefined, active ?? firewalls[0], 'windows_security_products');
  }
}

// Health values: "Good", "Poor", "Snoozed", "Not Monitored", "Error" (windows_security_center spec).
function health(value: string | undefined): boolean | undefined {
  const lower = value?.toLowerCase();
  return lower === 'good' ? true : lower === 'poor' ? false : undefined;
}

function securityCenter(row: LocatedRow | undefined, put: Put): void {
  if (!row) return;
  for (const [column, derived] of [
    ['firewall', 'firewall.enabled'],
    ['antivirus', 'av.enabled'],
    ['autoupdate', 'autoupdate.enabled'],
    ['user_account_control', 'uac.enabled'],
    ['internet_settings', undefined],
    ['windows_security_center_service', undefined],
  ] as const) {
    const value = text(row.row, column);
    if (!value) continue;
    put(`security_center.${column}`, value, row, 'windows_security_center');
    const healthy = health(value);
    if (derived && healthy !== undefined) put(derived, healthy, row, 'windows_security_center');
  }
}

function localAdministrators(tables: Map<OsqueryTable, LocatedRow[]>, isWindows: boolean, put: Put): void {
  const users = tables.get('users') ?? [];
  const memberships = tables.get('user_groups') ?? [];
  if (users.length > 0) put('local_users', users.length, users[0], 'users');
  if (memberships.length === 0) return;

  const names = new Map<string, string>();
  for (const { row } of users) {
    const uid = text(row, 'uid');
    const name = text(row, 'username');
    if (uid && name) names.set(uid, name);
  }
  const adminGids = new Set<string>();
  for (const { row } of tables.get('groups') ?? []) {
    const gid = text(row, 'gid');
    if (gid && text(row, 'group_sid') === administratorsSid) adminGids.add(gid);
  }
  // On other systems gid 544 means nothing, so only Windows hosts (known from os_version or from
  // SIDs in the users table) get the RID rule.
  const windows = isWindows || users.some(({ row }) => text(row, 'uuid')?.startsWith('S-1-5-') === true);
  if (windows) adminGids.add(administratorsRid);
  if (adminGids.size === 0) return;

  const members = new Set<string>();
  let reference: LocatedRow | undefined;
  for (const membership of memberships) {
    const { row } = membership;
    const isAdmin =
      adminGids.has(text(row, 'gid') ?? '') ||
      text(row, 'group_sid') === administratorsSid ||
      (windows && text(row, 'groupname')?.toLowerCase() === 'administrators');
    if (!isAdmin) continue;
    const uid = text(row, 'uid') ?? '';
    members.add(text(row, 'username') ?? names.get(uid) ?? `uid ${uid}`);
    reference ??= membership;
  }
  const sorted = [...members].sort((a, b) => a.localeCompare(b));
  put('local_admins', sorted.length, reference ?? memberships[0], 'user_groups');
  put('local_admins.members', sorted.join(', '), reference ?? memberships[0], 'user_groups');
}
