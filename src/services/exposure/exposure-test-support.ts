/** Evidence files for exposure tests, written in the shapes real tools produce. */

export type TestHost = {
  hostname: string;
  os: { name: string; version: string; major: string; minor: string; build: string; platform: string; arch?: string };
  programs?: { name: string; version: string; publisher?: string }[];
  patches?: string[];
  debs?: { name: string; version: string }[];
};

const unixTime = 1764320400; // 2025-11-28T09:00:00Z

function line(host: string, table: string, rows: Record<string, string>[], time = unixTime): string {
  return JSON.stringify({ snapshot: rows, action: 'snapshot', name: `pack_ward_${table}`, hostIdentifier: host, calendarTime: new Date(time * 1000).toUTCString(), unixTime: String(time), epoch: '0', counter: '0', decorations: { hostname: host } });
}

/** An osquery results log (one snapshot line per table) for the hosts. */
export function osqueryResultsLog(hosts: readonly TestHost[], time = unixTime): string {
  const lines: string[] = [];
  for (const h of hosts) {
    lines.push(line(h.hostname, 'system_info', [{ hostname: h.hostname, uuid: `uuid-${h.hostname}`, computer_name: h.hostname }], time));
    lines.push(line(h.hostname, 'os_version', [{ name: h.os.name, version: h.os.version, major: h.os.major, minor: h.os.minor, build: h.os.build, platform: h.os.platform, arch: h.os.arch ?? '64-bit' }], time));
    if (h.programs?.length) lines.push(line(h.hostname, 'programs', h.programs.map((p) => ({ name: p.name, version: p.version, publisher: p.publisher ?? '', install_date: '' })), time));
    if (h.patches?.length) lines.push(line(h.hostname, 'patches', h.patches.map((kb) => ({ hotfix_id: kb, description: 'Security Update', installed_on: '3/20/2017' })), time));
    if (h.debs?.length) lines.push(line(h.hostname, 'deb_packages', h.debs.map((d) => ({ name: d.name, version: d.version, maintainer: 'Debian', section: 'libs', arch: 'amd64' })), time));
  }
  return `${lines.join('\n')}\n`;
}

/** A CycloneDX 1.5 SBOM of one device with Maven components given by purl. */
export function cyclonedxSbom(hostname: string, components: readonly { name: string; version: string; purl: string }[]): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    metadata: { component: { type: 'device', name: hostname, 'bom-ref': hostname } },
    components: components.map((c) => ({ type: 'library', name: c.name, version: c.version, purl: c.purl, 'bom-ref': c.purl })),
  });
}

export const windows10 = (build: string) => ({ name: 'Microsoft Windows 10 Enterprise', version: '10.0.19045', major: '10', minor: '0', build, platform: 'windows' });
export const windows7 = { name: 'Microsoft Windows 7 Professional', version: '6.1.7601', major: '6', minor: '1', build: '7601', platform: 'windows' };
export const debian12 = { name: 'Debian GNU/Linux', version: '12 (bookworm)', major: '12', minor: '0', build: '', platform: 'debian' };
