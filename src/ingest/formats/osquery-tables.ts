/**
 * The osquery tables Ward understands and how to recognise them. A results log names the query,
 * not the table, and `osqueryi --json` output names nothing, so the column set decides; the query
 * or file name is the fallback for partial `select`s.
 *
 * Column names follow the table specs in osquery/osquery `specs/` (system_info, os_version,
 * kernel_info, listening_ports, users, user_groups, groups; linux/deb_packages, linux/rpm_packages;
 * darwin/apps; windows/programs, patches, windows_security_products, windows_security_center,
 * windows_optional_features).
 */
export const osqueryTables = [
  'system_info',
  'os_version',
  'kernel_info',
  'programs',
  'deb_packages',
  'rpm_packages',
  'apps',
  'patches',
  'windows_security_products',
  'windows_security_center',
  'windows_optional_features',
  'users',
  'user_groups',
  'groups',
  'listening_ports',
] as const;

export type OsqueryTable = (typeof osqueryTables)[number];

type Signature = { table: OsqueryTable; all: string[]; any?: string[]; none?: string[] };

// Most specific first: several tables share `name` and `version`.
const signatures: Signature[] = [
  { table: 'patches', all: ['hotfix_id'] },
  {
    table: 'windows_security_products',
    all: ['type', 'name', 'state'],
    any: ['signatures_up_to_date', 'remediation_path'],
  },
  {
    table: 'windows_security_center',
    all: ['firewall', 'antivirus'],
    any: ['autoupdate', 'user_account_control'],
  },
  { table: 'windows_optional_features', all: ['name', 'state'], any: ['statename', 'caption'] },
  {
    table: 'system_info',
    all: ['hostname', 'uuid'],
    any: ['cpu_brand', 'hardware_serial', 'physical_memory', 'computer_name'],
  },
  { table: 'os_version', all: ['name', 'version', 'platform'], any: ['major', 'build', 'codename'] },
  { table: 'kernel_info', all: ['version', 'arguments'], any: ['device', 'path'], none: ['name'] },
  { table: 'apps', all: ['name'], any: ['bundle_short_version', 'bundle_identifier'] },
  { table: 'rpm_packages', all: ['name', 'version', 'release'], any: ['epoch', 'sha1', 'arch'] },
  {
    table: 'deb_packages',
    all: ['name', 'version'],
    any: ['maintainer', 'section', 'priority', 'admindir', 'revision'],
  },
  {
    table: 'programs',
    all: ['name', 'version'],
    any: ['publisher', 'identifying_number', 'uninstall_string', 'install_date'],
  },
  { table: 'listening_ports', all: ['port', 'protocol'], any: ['pid', 'address', 'family'] },
  // A joined "members of a group" query carries a user and a group side.
  { table: 'user_groups', all: ['uid', 'gid'], none: ['directory', 'shell', 'description'] },
  { table: 'users', all: ['uid', 'username'], any: ['directory', 'shell', 'uuid', 'description', 'type'] },
  { table: 'groups', all: ['gid', 'groupname'], none: ['uid'] },
];

export function tableFromColumns(columns: ReadonlySet<string>): OsqueryTable | undefined {
  return signatures.find(
    (s) =>
      s.all.every((c) => columns.has(c)) &&
      (s.any === undefined || s.any.some((c) => columns.has(c))) &&
      (s.none === undefined || !s.none.some((c) => columns.has(c))),
  )?.table;
}

const byLength = [...osqueryTables].sort((a, b) => b.length - a.length);

/** Query names are free text such as `pack_inventory_deb_packages` or `programs.json`. */
export function tableFromName(name: string): OsqueryTable | undefined {
  const lower = name.toLowerCase();
  return byLength.find((table) => new RegExp(`(^|[^a-z])${table}([^a-z]|$)`).test(lower));
}
