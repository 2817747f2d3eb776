/**
 * Scanners name operating systems in free text ("Microsoft Windows Server 2008 R2 Standard Service
 * Pack 1", "Linux Kernel 2.6", "Cisco IOS 15.1"). These guesses turn that text into the family
 * and the kind of device, which decide which Cyber Essentials rules apply to an asset.
 */
import type { AssetKind, OperatingSystem, OsFamily } from '../evidence.js';

const familyPatterns: readonly [RegExp, OsFamily][] = [
  [/windows/i, 'windows'],
  [/mac ?os|os x|darwin/i, 'macos'],
  [/cisco|ios[ -]xe|junos|juniper|fortios|fortigate|pan-os|routeros|mikrotik|arubaos|procurve|asa\b/i, 'network'],
  [/linux|ubuntu|debian|centos|red ?hat|rhel|fedora|suse|alpine|android/i, 'linux'],
  [/solaris|sunos|aix|hp-ux|freebsd|openbsd|netbsd|unix/i, 'unix'],
];

export function osFamily(name: string): OsFamily {
  for (const [pattern, family] of familyPatterns) if (pattern.test(name)) return family;
  return 'other';
}

/** A structured OS from a scanner's name for it; undefined when the scanner gave none. */
export function operatingSystem(name: string | undefined, cpe?: string): OperatingSystem | undefined {
  const trimmed = name?.trim();
  if (!trimmed) return undefined;
  const os: OperatingSystem = { name: trimmed, family: osFamily(trimmed) };
  const servicePack = /service pack (\d+)/i.exec(trimmed)?.[1];
  if (servicePack !== undefined) os.servicePack = servicePack;
  if (cpe) os.cpe = cpe;
  return os;
}

const networkTypes = /router|switch|firewall|wireless|access.point|\bWAP\b|load.balancer|vpn|bridge|broadband/i;

/**
 * The kind of device. `deviceType` is the scanner's own classification where it has one
 * (Nessus "system-type", Nmap osclass "type"); otherwise the OS name decides.
 */
export function assetKindFrom(os: OperatingSystem | undefined, deviceType?: string): AssetKind {
  if (deviceType && networkTypes.test(deviceType)) return 'network-device';
  if (deviceType && /hypervisor/i.test(deviceType)) return 'server';
  if (os === undefined) return 'unknown';
  switch (os.family) {
    case 'network':
      return 'network-device';
    case 'windows':
      return /server/i.test(os.name) ? 'server' : 'end-user-device';
    case 'macos':
      return 'end-user-device';
    case 'linux':
    case 'unix':
      return /android/i.test(os.name) ? 'end-user-device' : 'server';
    default:
      return 'unknown';
  }
}
