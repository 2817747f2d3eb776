/**
 * Installed software hidden in the free-text output of three Nessus plugins. Their layouts are
 * stable across Nessus versions:
 *   20811 (Windows, credentialed): "Name  [version 1.2]  [installed on 2020/01/31]", then
 *         "The following updates are installed :" with KB numbers under each product;
 *   22869 (SSH, credentialed): dpkg lines "ii  name  version  arch  description", rpm lines
 *         "name-version-release|epoch …", or "name version" on other systems;
 *   45590 (CPE): "cpe:/a:vendor:product:version -> Display name" lines.
 */
import { isoDate } from './scan-values.js';

export type NessusSoftware = {
  name: string;
  version?: string;
  vendor?: string;
  cpe?: string;
  packageType?: string;
  installedAt?: string;
};

export const softwarePlugins = new Set(['20811', '22869', '45590']);

export function softwareFromPlugin(pluginId: string, output: string): NessusSoftware[] {
  switch (pluginId) {
    case '20811':
      return windowsSoftware(output);
    case '22869':
      return packageList(output);
    case '45590':
      return cpeSoftware(output);
    default:
      return [];
  }
}

function windowsSoftware(output: string): NessusSoftware[] {
  const software: NessusSoftware[] = [];
  let inUpdates = false;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (/^The following updates are installed/i.test(line)) inUpdates = true;
    if (line === '' || line.endsWith(' :')) continue;
    if (inUpdates) {
      const kb = /^(KB\d{5,8})\b/i.exec(line)?.[1];
      if (kb !== undefined) software.push({ name: kb.toUpperCase(), packageType: 'windows-update' });
      continue;
    }
    const match = /^(.*?)\s+\[version ([^\]]*)\](?:\s+\[installed on ([^\]]*)\])?/.exec(line);
    const name = match?.[1]?.trim() ?? line.replace(/\s+\[installed on [^\]]*\]$/, '').trim();
    const entry: NessusSoftware = { name, packageType: 'msi' };
    if (match?.[2]) entry.version = match[2].trim();
    const installedAt = isoDate(match?.[3] ?? /\[installed on ([^\]]*)\]/.exec(line)?.[1]);
    if (installedAt) entry.installedAt = installedAt;
    if (name) software.push(entry);
  }
  return software;
}

function packageList(output: string): NessusSoftware[] {
  const software: NessusSoftware[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.endsWith(':') || /^(Here is the list|Desired=|\||\+\+\+)/.test(line)) continue;
    // dpkg prints a desired/actual state pair first; only ii and hi mean "installed".
    const dpkg = /^([uihrp][ncHUFWti])\s+(\S+)\s+(\S+)/.exec(line);
    if (dpkg) {
      if (dpkg[1] === 'ii' || dpkg[1] === 'hi') {
        software.push({ name: stripArch(dpkg[2] ?? ''), version: dpkg[3] ?? '', packageType: 'deb' });
      }
      continue;
    }
    const rpm = /^(\S+)-([^-\s|]+)-([^-\s|]+)\|(\S*)/.exec(line);
    if (rpm) {
      const epoch = rpm[4] && rpm[4] !== '(none)' ? `${rpm[4]}:` : '';
      software.push({ name: rpm[1] ?? '', version: `${epoch}${rpm[2] ?? ''}-${rpm[3] ?? ''}`, packageType: 'rpm' });
      continue;
    }
    const plain = /^(.+?)\s+v?(\d[\w.+~:-]*)(?:\s+\(.*\))?$/.exec(line);
    if (plain) software.push({ name: plain[1] ?? '', version: plain[2] ?? '' });
  }
  return software;
}

function stripArch(name: string): string {
  const colon = name.indexOf(':');
  return colon > 0 ? name.slice(0, colon) : name;
}

function cpeSoftware(output: string): NessusSoftware[] {
  const software: NessusSoftware[] = [];
  for (const match of output.matchAll(/^\s*(cpe:\/a:[^\s]+)(?:\s+->\s+(.*?))?\s*$/gm)) {
    const cpe = match[1] ?? '';
    const [, vendor, product, version] = cpe.slice('cpe:/'.length).split(':');
    if (!product) continue;
    const entry: NessusSoftware = { name: match[2]?.trim() || product, vendor: vendor ?? '', cpe };
    if (version) entry.version = version;
    software.push(entry);
  }
  return software;
}
