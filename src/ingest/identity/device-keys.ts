/**
 * The identifying keys of a device, normalised so that the same machine reported by different
 * tools (Intune's "NHS-WS-0142", Nessus's "nhs-ws-0142.trust.nhs.uk", osquery's serial) compares
 * equal. Values that identify nothing (placeholder serials, loopback addresses, all-zero MACs) are
 * dropped here, so no rule can ever match two machines on them. See docs/identity-resolution.md.
 */
import { detachString } from '../text/detach-string.js';

export type DeviceKeys = {
  serial?: string;
  fqdn?: string;
  /** Short host names (first DNS label, NetBIOS name), lower case. */
  hostnames: string[];
  macs: string[];
  ips: string[];
};

export type IdentitySource = {
  hostname?: string | null;
  fqdn?: string | null;
  netbiosName?: string | null;
  serialNumber?: string | null;
  macAddresses?: readonly string[];
  ipAddresses?: readonly string[];
};

/** Firmware and hypervisor fillers seen in real inventories instead of a serial number. */
const placeholderSerials = new Set([
  '0', '00000000', '000000000000', '0123456789', '1234567890', 'DEFAULT STRING', 'NONE', 'N/A', 'NA', 'NULL', 'UNKNOWN',
  'NOT APPLICABLE', 'NOT SPECIFIED', 'SYSTEM SERIAL NUMBER', 'TO BE FILLED BY O.E.M.', 'TO BE FILLED BY OEM', 'CHASSIS SERIAL NUMBER',
  'INVALID', 'SERIAL', 'XXXXXXXXXX',
]);

const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function normaliseSerial(value: string | null | undefined): string | undefined {
  const serial = value?.trim().toUpperCase().replace(/\s+/g, ' ');
  if (!serial || placeholderSerials.has(serial) || /^0+$/.test(serial) || serial.length < 3) return undefined;
  return serial;
}

export function normaliseFqdn(value: string | null | undefined): string | undefined {
  const fqdn = value?.trim().toLowerCase().replace(/\.$/, '');
  if (!fqdn || !fqdn.includes('.') || ipv4.test(fqdn) || fqdn.includes(':') || fqdn.endsWith('.localdomain') || fqdn.startsWith('localhost.')) return undefined;
  return fqdn;
}

export function normaliseHostname(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim().toLowerCase();
  if (!trimmed || ipv4.test(trimmed) || trimmed.includes(':')) return undefined;
  const short = trimmed.split('.')[0] ?? '';
  if (short === '' || short === 'localhost') return undefined;
  return short;
}

export function normaliseMac(value: string): string | undefined {
  const hex = value.trim().toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 12 || /^0+$/.test(hex) || /^f+$/.test(hex)) return undefined;
  return hex.match(/../g)?.join(':');
}

export function normaliseIp(value: string): string | undefined {
  const ip = value.trim().toLowerCase();
  if (ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '::1' || ip.startsWith('127.') || ip.startsWith('169.254.') || ip.startsWith('fe80:')) return undefined;
  return ip;
}

const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => v !== undefined))];

/** Keys live as long as the import's device index: never let them pin the parser's input. */
const detachAll = (values: string[]) => values.map((value) => detachString(value));

export function deviceKeysOf(source: IdentitySource): DeviceKeys {
  const serial = normaliseSerial(source.serialNumber);
  const fqdn = normaliseFqdn(source.fqdn) ?? normaliseFqdn(source.hostname);
  const keys: DeviceKeys = {
    hostnames: detachAll(unique([normaliseHostname(source.hostname), normaliseHostname(fqdn), normaliseHostname(source.netbiosName)])),
    macs: detachAll(unique((source.macAddresses ?? []).map(normaliseMac))),
    ips: detachAll(unique((source.ipAddresses ?? []).map(normaliseIp))),
  };
  if (serial !== undefined) keys.serial = detachString(serial);
  if (fqdn !== undefined) keys.fqdn = detachString(fqdn);
  return keys;
}

/** Keys of one device seen by two sources: the union, keeping the first serial and FQDN known. */
export function mergeKeys(known: DeviceKeys, seen: DeviceKeys): DeviceKeys {
  const merged: DeviceKeys = {
    hostnames: unique([...known.hostnames, ...seen.hostnames]),
    macs: unique([...known.macs, ...seen.macs]),
    ips: unique([...known.ips, ...seen.ips]),
  };
  const serial = known.serial ?? seen.serial;
  const fqdn = known.fqdn ?? seen.fqdn;
  if (serial !== undefined) merged.serial = serial;
  if (fqdn !== undefined) merged.fqdn = fqdn;
  return merged;
}
