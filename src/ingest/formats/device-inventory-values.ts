import type { AssetKind, OsFamily } from '../evidence.js';

const truthy = new Set(['true', 'yes', 'y', '1', 'encrypted', 'enabled', 'on', 'in', 'inscope', 'active']);
const falsy = new Set([
  'false',
  'no',
  'n',
  '0',
  'notencrypted',
  'unencrypted',
  'disabled',
  'off',
  'out',
  'outofscope',
  'inactive',
]);

/** undefined: empty cell; null: a value we cannot read as yes/no. */
export function parseYesNo(value: string | undefined): boolean | null | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const key = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (truthy.has(key)) return true;
  if (falsy.has(key)) return false;
  return null;
}

/**
 * Dates as inventories write them: ISO 8601; Intune's "2024-03-18 09:12:44.0000000" (UTC); and
 * slashed dates, read day first because NHS exports use the UK convention (18/03/2024).
 * Returns undefined for an empty cell and null for text that is not a real date.
 */
export function parseDate(value: string | undefined): string | null | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text,
    );
  if (match) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = match;
    if (!validDay(Number(y), Number(mo), Number(d))) return null;
    const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone && zone !== 'Z' ? zone : 'Z'}`;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (match) {
    const [, d, mo, y, h = '0', mi = '0', s = '0'] = match;
    if (!validDay(Number(y), Number(mo), Number(d))) return null;
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  return null;
}

function validDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function osFamilyFromName(name: string): OsFamily | undefined {
  const lower = name.toLowerCase();
  if (lower.includes('windows')) return 'windows';
  if (/mac ?os|os x|darwin/.test(lower)) return 'macos';
  if (/linux|ubuntu|debian|red hat|rhel|centos|suse|fedora|rocky|alma/.test(lower)) return 'linux';
  // Before the mobile test: "Cisco IOS XE" is a network OS, not iOS.
  if (/ios xe|ios-xe|\bnx-os|junos|fortios|pan-os/.test(lower)) return 'network';
  if (/\bios\b|ipados|android|chrome ?os/.test(lower)) return 'other';
  if (/bsd|solaris|aix|hp-ux/.test(lower)) return 'unix';
  return undefined;
}

export function assetKindOf(deviceType: string | undefined, osName: string | undefined): AssetKind {
  const type = deviceType?.toLowerCase() ?? '';
  if (/server|\bvm\b|virtual/.test(type)) return 'server';
  if (/laptop|desktop|workstation|notebook|tablet|phone|mobile|pc|end.?user|thin client|kiosk/.test(type))
    return 'end-user-device';
  if (/router|switch|firewall|access point|network|printer/.test(type)) return 'network-device';
  if (/cloud|saas|iaas/.test(type)) return 'cloud-service';
  const os = osName?.toLowerCase() ?? '';
  if (/server/.test(os)) return 'server';
  if (/windows|mac ?os|\bios\b|ipados|android|chrome ?os/.test(os)) return 'end-user-device';
  return 'unknown';
}

/** Whole days from `from` to `to`, floor; negative when a signature is dated after the sighting. */
export function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
