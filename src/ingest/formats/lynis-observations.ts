/**
 * report.dat keys turned into observations. Lynis writes 0/1 for its yes/no facts; every key here
 * was seen in real reports (Lynis 3.1.4). A few also feed Ward's tool-neutral keys.
 */
export const lynisObservationKeys = [
  'firewall_active',
  'firewall_installed',
  'firewall_empty_ruleset',
  'malware_scanner_installed',
  'compiler_installed',
  'ssh_daemon_running',
  'openssh_daemon_running',
  'audit_daemon_running',
  'linux_auditd_running',
  'ntp_daemon_running',
  'framework_selinux',
  'framework_grsecurity',
  'boot_uefi_booted_secure',
  'vulnerable_packages_found',
  'package_audit_tool_found',
  'automation_tool_present',
  'session_timeout_enabled',
  'ldap_auth_enabled',
  'password_max_days',
  'password_min_days',
  'lynis_update_available',
  'unattended_upgrade_option_available',
  'container',
  'vm',
] as const;

/** Ward keys derived from Lynis keys; the Lynis value must be 0 or 1. */
export const canonicalKeys: Record<string, string> = {
  firewall_active: 'firewall.enabled',
  malware_scanner_installed: 'av.present',
};

export function observationValue(raw: string): string | number | boolean | null {
  const value = raw.trim();
  if (value === '') return null;
  if (/^-?\d+$/.test(value)) return Number(value);
  return value;
}

export function flag(raw: string): boolean | undefined {
  return raw.trim() === '1' ? true : raw.trim() === '0' ? false : undefined;
}
