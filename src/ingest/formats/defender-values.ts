/** Reading Defender values (JSON types, or the strings of a CSV) and describing its devices. */
import type { SourceLocation } from '../../core/errors.js';
import type { AssetKind, AssetRecord, OperatingSystem, OsFamily, Severity } from '../evidence.js';
import type { FormatSample } from '../evidence-format.js';
import type { JsonObject } from '../text/json-values.js';
import { normaliseKey } from './defender-rows.js';

export const text = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
};

/** `true`, `"True"`, `"true"`, `1` and `"1"` (the API and the portal each use some of them). */
export const flag = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  const word = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (['true', '1', 'yes'].includes(word)) return true;
  if (['false', '0', 'no'].includes(word)) return false;
  return undefined;
};

export const number = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
};

/** An ISO timestamp; Defender writes both `2021-01-11T09:47:58Z` and `2021-01-11 09:47:58.854`. */
export const timestamp = (value: unknown): string | undefined => {
  const raw = text(value);
  if (!raw) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(raw) ? `${raw.replace(' ', 'T')}${/[zZ]|[+-]\d{2}:?\d{2}$/.test(raw) ? '' : 'Z'}` : raw;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};

/** A list written as a JSON array or, in a CSV cell, separated by `;`, `|` or `,`. */
export const list = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(text).filter((v): v is string => v !== undefined);
  const raw = text(value);
  return raw ? raw.split(/[;|,]/).map((v) => v.trim()).filter((v) => v !== '') : [];
};

export function severityOf(level: unknown, cvss: number | undefined): Severity {
  const word = text(level)?.toLowerCase();
  if (word === 'critical' || word === 'high' || word === 'medium' || word === 'low') return word;
  if (cvss === undefined) return 'info';
  if (cvss >= 9) return 'critical';
  if (cvss >= 7) return 'high';
  if (cvss >= 4) return 'medium';
  return cvss > 0 ? 'low' : 'info';
}

/** Defender's `osPlatform` values: Windows10, WindowsServer2019, Linux, Ubuntu, macOS, iOS, … */
export function osFamilyOf(platform: string | undefined): OsFamily | undefined {
  const p = (platform ?? '').toLowerCase();
  if (p === '') return undefined;
  if (p.startsWith('windows')) return 'windows';
  if (p.startsWith('mac')) return 'macos';
  if (/linux|ubuntu|debian|redhat|rhel|centos|suse|oracle|amazon|fedora|alma|rocky/.test(p)) return 'linux';
  return 'other';
}

/** Windows10 → "Windows 10", WindowsServer2019 → "Windows Server 2019", WindowsServer2012R2 → "Windows Server 2012 R2". */
export function osNameOf(platform: string): string {
  return platform
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/(\d)(R2)\b/, '$1 $2')
    .replace(/^Mac OS$/i, 'macOS');
}

export function assetKindOf(platform: string | undefined): AssetKind {
  const p = (platform ?? '').toLowerCase();
  if (p.includes('server')) return 'server';
  if (/^windows(7|8|10|11|xp|vista)|^mac|^ios|^android/.test(p)) return 'end-user-device';
  return 'unknown';
}

/** Windows 10/11 and Server 2016+ builds are 10.0.<build>[.<ubr>]. */
const ntTen = /^(windows10|windows11|windowsserver20(16|19|22|25))/i;

export function operatingSystemOf(row: JsonObject): OperatingSystem | undefined {
  const platform = text(row.osPlatform);
  if (!platform) return undefined;
  const os: OperatingSystem = { name: osNameOf(platform) };
  const family = osFamilyOf(platform);
  if (family) os.family = family;
  const osVersion = text(row.osVersion);
  const release = text(row.version);
  const buildNumber = text(row.osBuild);
  if (osVersion && /^\d+\.\d+\.\d+(\.\d+)?$/.test(osVersion)) os.build = osVersion;
  else if (buildNumber && /^\d+$/.test(buildNumber)) os.build = ntTen.test(platform) ? `10.0.${buildNumber}` : buildNumber;
  if (release) os.version = release;
  else if (osVersion && !os.build) os.version = osVersion;
  const architecture = text(row.osArchitecture) ?? text(row.osProcessor);
  if (architecture) os.architecture = architecture;
  return os;
}

/**
 * The device a row is about. Defender's device id is the asset reference (unique within an
 * import, and the same in every export of one tenant); its name (an FQDN) is what Ward's identity
 * resolution matches on across tools.
 */
export function deviceAsset(row: JsonObject, location: SourceLocation, idKey: string, nameKey: string): AssetRecord | undefined {
  const id = text(row[idKey]);
  if (!id) return undefined;
  const name = text(row[nameKey]);
  const asset: AssetRecord = {
    kind: 'asset',
    assetRef: `defender:${id}`,
    assetKind: assetKindOf(text(row.osPlatform)),
    ipAddresses: [],
    macAddresses: [],
    externalIds: { defender: id },
    location,
  };
  if (name) {
    asset.hostname = name.split('.')[0] ?? name;
    if (name.includes('.')) asset.fqdn = name.toLowerCase();
  }
  const os = operatingSystemOf(row);
  if (os) asset.os = os;
  return asset;
}

/** Yields each device's asset record once per file, the first time a row names it. */
export class DeviceOnce {
  private readonly seen = new Set<string>();
  first(asset: AssetRecord | undefined): AssetRecord | undefined {
    if (!asset || this.seen.has(asset.assetRef)) return undefined;
    this.seen.add(asset.assetRef);
    return asset;
  }
}

/**
 * Cheap detection shared by the Defender formats: a JSON head is recognised by its page's
 * `@odata.context` or else by the keys of its first row (files without a context, or contexts Ward
 * does not know, such as the older `machinesVulnerabilities` API's); a CSV head by its captions.
 */
export function detectDefender(sample: FormatSample, rule: { context: RegExp; jsonKeys: (keys: Set<string>) => boolean; csvHeader: (columns: Set<string>) => boolean }): boolean {
  const head = sample.head.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    const context = /"@odata\.context"\s*:\s*"([^"]*)"/.exec(head)?.[1];
    if (context !== undefined && rule.context.test(context)) return true;
    const keys = new Set([...head.matchAll(/"([A-Za-z@][A-Za-z0-9_.]*)"\s*:/g)].map((m) => normaliseKey(m[1] ?? '')));
    return rule.jsonKeys(keys);
  }
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.includes(',') && !firstLine.includes(';')) return false;
  const columns = new Set(firstLine.split(/[,;]/).map((c) => normaliseKey(c.replace(/^"|"$/g, ''))));
  return rule.csvHeader(columns);
}
