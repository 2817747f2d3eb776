/**
 * Ward's device inventory column set and the header aliases accepted for it. Headers are compared
 * after lower-casing and removing everything but letters and digits, so "Serial number",
 * "serial_number" and "SerialNumber" are one column.
 *
 * Microsoft Intune (Devices → All devices → Export) headings, as reproduced in public code that
 * reads that export: "Device name", "Serial number", "OS", "OS version", "Last check-in",
 * "Primary user UPN", "Encrypted", "Compliance", "Ownership", "Manufacturer", "Model".
 * Configuration Manager console device-list headings: "Name", "Operating System", "Build",
 * "Client Activity", "Primary User(s)", "Last Logged on User" (taken from the console's column
 * names; not checked against a real export here).
 */
export const inventoryColumns = [
  'hostname',
  'serial',
  'os_name',
  'os_version',
  'os_build',
  'device_type',
  'last_seen',
  'owner',
  'encryption',
  'av_product',
  'av_signature_date',
  'in_scope',
  'compliance',
  'client_activity',
] as const;

export type InventoryColumn = (typeof inventoryColumns)[number];

const aliases: Record<InventoryColumn, string[]> = {
  hostname: [
    'hostname',
    'host name',
    'device name',
    'devicename',
    'computer name',
    'computername',
    'name',
    'machine name',
    'netbios name',
  ],
  serial: ['serial', 'serial number', 'serialnumber', 'service tag', 'serial no'],
  os_name: ['os_name', 'os', 'operating system', 'operatingsystem', 'os name'],
  os_version: ['os_version', 'os version', 'osversion', 'operating system version'],
  os_build: ['os_build', 'build', 'os build', 'build number'],
  device_type: ['device_type', 'device type', 'type', 'chassis type', 'form factor'],
  last_seen: [
    'last_seen',
    'last seen',
    'last check-in',
    'last check in',
    'lastsyncdatetime',
    'last sync',
    'last contact',
    'last activity',
  ],
  owner: [
    'owner',
    'primary user upn',
    'primary user',
    'primary user(s)',
    'primary users',
    'assigned user',
    'user principal name',
    'last logged on user',
  ],
  encryption: [
    'encryption',
    'encrypted',
    'is encrypted',
    'disk encryption',
    'bitlocker',
    'encryption status',
  ],
  av_product: ['av_product', 'av product', 'antivirus', 'antivirus product', 'anti-malware'],
  av_signature_date: [
    'av_signature_date',
    'av signature date',
    'antivirus signature date',
    'signature date',
    'definitions date',
    'av definitions date',
  ],
  in_scope: ['in_scope', 'in scope', 'ce scope', 'cyber essentials scope'],
  compliance: ['compliance', 'compliance state', 'compliancestate'],
  client_activity: ['client activity'],
};

export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const byAlias = new Map<string, InventoryColumn>();
for (const column of inventoryColumns) {
  for (const alias of aliases[column]) byAlias.set(normaliseHeader(alias), column);
}

/** Which source header feeds each column; the first matching header wins (aliases are ranked). */
export function resolveHeaders(headers: readonly string[]): Map<InventoryColumn, string> {
  const resolved = new Map<InventoryColumn, string>();
  const rank = (column: InventoryColumn, header: string): number =>
    aliases[column].findIndex((a) => normaliseHeader(a) === normaliseHeader(header));
  for (const header of headers) {
    const column = byAlias.get(normaliseHeader(header));
    if (!column) continue;
    const current = resolved.get(column);
    if (current === undefined || rank(column, header) < rank(column, current)) resolved.set(column, header);
  }
  return resolved;
}

/** For the error that lists what a file would need. */
export function hostnameAliases(): string[] {
  return aliases.hostname;
}
