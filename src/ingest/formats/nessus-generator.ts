/**
 * Writes a synthetic but realistic Nessus v2 report of about the requested size, for load tests
 * and benchmarks (a real 1 GB report cannot be published). Deterministic from the seed. The
 * counts it returns are what a correct parser must find: they are computed here from what was
 * written, never by parsing.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export type NessusGeneratorOptions = { targetBytes: number; seed: number; itemsPerHost?: number };

export type NessusGeneratorCounts = {
  bytes: number;
  hosts: number;
  items: number;
  /** Distinct tcp/udp ports with port > 0, per host. */
  services: number;
  /** Entries of the 45590 (CPE) and 20811 (Windows software) outputs, KB updates included. */
  software: number;
  cves: number;
  severitySum: number;
};

const FLUSH_CHARS = 256 * 1024;

export async function writeNessusReport(out: Writable, options: NessusGeneratorOptions): Promise<NessusGeneratorCounts> {
  const random = mulberry32(options.seed);
  const itemsPerHost = options.itemsPerHost ?? 22;
  const counts: NessusGeneratorCounts = { bytes: 0, hosts: 0, items: 0, services: 0, software: 0, cves: 0, severitySum: 0 };
  let buffer = '';
  const write = async (text: string): Promise<void> => {
    buffer += text;
    if (buffer.length < FLUSH_CHARS) return;
    await flush();
  };
  const flush = async (): Promise<void> => {
    const chunk = Buffer.from(buffer, 'utf8');
    buffer = '';
    counts.bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };

  await write('<?xml version="1.0" ?>\n<NessusClientData_v2>\n<Policy><policyName>Synthetic load test</policyName></Policy>\n');
  await write('<Report name="synthetic" xmlns:cm="http://www.nessus.org/cm">\n');
  const closing = '</Report>\n</NessusClientData_v2>\n';
  for (;;) {
    const before = { ...counts };
    const host = hostXml(counts, random, itemsPerHost);
    // Stop before overshooting, so the file stays at or under the requested size.
    if (counts.hosts > 1 && counts.bytes + buffer.length + host.length + closing.length > options.targetBytes) {
      Object.assign(counts, before);
      break;
    }
    await write(host);
  }
  await write(closing);
  await flush();
  return counts;
}

function hostXml(counts: NessusGeneratorCounts, random: () => number, itemsPerHost: number): string {
  const index = counts.hosts++;
  const windows = random() < 0.6;
  // Most estate scans run with credentials; the rest see only the network side.
  const credentialed = random() < 0.85;
  const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  const short = windows ? `nhs-ws-${String(index).padStart(5, '0')}` : `srv-lnx-${String(index).padStart(5, '0')}`;
  const name = `${short}.trust${index % 97}.nhs.example`;
  const os = windows ? pick(random, windowsNames) : pick(random, linuxNames);
  const start = 1_700_000_000 + index * 37;
  const parts: string[] = [
    `<ReportHost name="${ip}"><HostProperties>\n`,
    tag('HOST_END_TIMESTAMP', String(start + 600)),
    tag('HOST_END', 'Tue Nov 14 22:23:20 2023'),
    tag('patch-summary-total-cves', String(Math.floor(random() * 300))),
    tag('cpe-0', windows ? 'cpe:/o:microsoft:windows_10:22h2 -&gt; Microsoft Windows 10' : 'cpe:/o:linux:linux_kernel -&gt; Linux Kernel'),
    tag('os', windows ? 'windows' : 'linux'),
    tag('operating-system', os),
    tag('operating-system-method', credentialed ? (windows ? 'SMB' : 'uname') : 'SinFP'),
    tag('operating-system-conf', credentialed ? '100' : '65'),
    tag('system-type', 'general-purpose'),
    tag('Credentialed_Scan', credentialed ? 'true' : 'false'),
    tag('LastAuthenticatedResults', credentialed ? String(start + 600) : ''),
    tag('local-checks-proto', windows ? 'smb' : 'local'),
    tag(windows ? 'smb-login-used' : 'ssh-login-used', credentialed ? 'svc_nessus' : ''),
    tag('policy-used', 'Trust credentialed estate scan'),
    tag('traceroute-hop-0', '10.0.0.1'),
    tag('traceroute-hop-1', ip),
    tag('mac-address', `00:50:56:${hex(index >> 16)}:${hex(index >> 8)}:${hex(index)}`),
    tag('host-ip', ip),
    tag('host-fqdn', name),
    tag('hostname', short),
    tag('netbios-name', short.toUpperCase()),
    tag('HOST_START_TIMESTAMP', String(start)),
    tag('HOST_START', 'Tue Nov 14 22:13:20 2023'),
    '</HostProperties>\n',
  ];
  const ports = new Set<string>();
  for (let item = 0; item < itemsPerHost; item++) {
    parts.push(itemXml(counts, random, item, windows, credentialed, os, ports));
  }
  counts.services += ports.size;
  parts.push('</ReportHost>\n');
  return parts.join('');
}

function itemXml(counts: NessusGeneratorCounts, random: () => number, item: number, windows: boolean, credentialed: boolean, os: string, ports: Set<string>): string {
  counts.items++;
  if (item === 0) return cpeItem(counts, random);
  if (item === 1 && credentialed && windows) {
    ports.add('tcp/445');
    return windowsSoftwareItem(counts, random);
  }
  if (item === 1 && credentialed) {
    ports.add('tcp/22');
    return os.startsWith('Red Hat') ? rpmSoftwareItem(counts, random) : dpkgSoftwareItem(counts, random);
  }
  if (item === 2) return scanInformationItem(random, credentialed, os);
  if (item < 7) {
    const port = pick(random, commonPorts);
    ports.add(`tcp/${port}`);
    return reportItem({ port, svc: 'www', severity: 0, pluginId: 11219, name: 'Nessus SYN scanner', body: `<plugin_output>Port ${port}/tcp was found to be open</plugin_output>\n` });
  }
  const severity = Math.floor(random() * 5);
  counts.severitySum += severity;
  const port = random() < 0.5 ? 0 : pick(random, commonPorts);
  const protocol = random() < 0.9 ? 'tcp' : 'udp';
  if (port > 0) ports.add(`${protocol}/${port}`);
  const cveCount = severity === 0 ? 0 : 1 + Math.floor(random() * 6);
  counts.cves += cveCount;
  const cves = Array.from({ length: cveCount }, () => `<cve>CVE-${2015 + Math.floor(random() * 10)}-${1000 + Math.floor(random() * 50_000)}</cve>\n`).join('');
  const score = (severity * 2 + random() * 1.9).toFixed(1);
  const vector = `CVSS:3.1/AV:${pick(random, ['N', 'A', 'L', 'P'])}/AC:${pick(random, ['L', 'H'])}/PR:${pick(random, ['N', 'L', 'H'])}/UI:${pick(random, ['N', 'R'])}/S:${pick(random, ['U', 'C'])}/C:${pick(random, impacts)}/I:${pick(random, impacts)}/A:${pick(random, impacts)}`;
  const version = `${1 + Math.floor(random() * 20)}.${Math.floor(random() * 99)}.${Math.floor(random() * 999)}`;
  const path = windows ? 'C:\\Program Files\\Vendor &amp; Co\\app.exe &#233;' : '/usr/lib/vendor/app';
  // plugin_output runs from one line to a few kilobytes in real reports.
  const outputWords = Math.floor(random() * random() * 300);
  const body =
    `<agent>${windows ? 'windows' : 'unix'}</agent>\n<always_run>1</always_run>\n` +
    `<cpe>cpe:/a:vendor:app</cpe>\n` +
    cves +
    `<cvss3_base_score>${score}</cvss3_base_score>\n<cvss3_temporal_score>${score}</cvss3_temporal_score>\n<cvss3_vector>${vector}</cvss3_vector>\n<cvss3_temporal_vector>CVSS:3.0/E:U/RL:O/RC:C</cvss3_temporal_vector>\n` +
    `<cvss_base_score>${score}</cvss_base_score>\n<cvss_vector>CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P</cvss_vector>\n` +
    `<description>The remote host is affected by a flaw &lt;in&gt; the &quot;service&quot; &amp; its parser. ${lorem(random, 40 + Math.floor(random() * 80))}</description>\n` +
    `<exploit_available>${random() < 0.3 ? 'true' : 'false'}</exploit_available>\n<exploitability_ease>No known exploits are available</exploitability_ease>\n` +
    `<fname>vendor_app_2_0_1.nasl</fname>\n<plugin_modification_date>2024/01/1${Math.floor(random() * 10)}</plugin_modification_date>\n<plugin_publication_date>2023/05/02</plugin_publication_date>\n<plugin_type>${credentialed ? 'local' : 'remote'}</plugin_type>\n` +
    `<patch_publication_date>2023/0${1 + Math.floor(random() * 9)}/1${Math.floor(random() * 10)}</patch_publication_date>\n` +
    `<vuln_publication_date>2023/0${1 + Math.floor(random() * 9)}/0${1 + Math.floor(random() * 9)}</vuln_publication_date>\n` +
    `<plugin_output>\n  Path              : ${path}\n  Installed version : ${version}\n  Fixed version     : 2.0.1\n${outputWords > 0 ? `\n${lorem(random, outputWords)}\n` : ''}</plugin_output>\n` +
    `<risk_factor>${riskFactors[severity] ?? 'None'}</risk_factor>\n` +
    `<see_also>https://vendor.example/security/advisory-${Math.floor(random() * 9999)}\nhttps://nvd.nist.gov/vuln/detail</see_also>\n` +
    `<solution>Upgrade to version 2.0.1 or later.</solution>\n<synopsis>The remote service is affected by multiple vulnerabilities.</synopsis>\n` +
    `<xref>IAVA:2023-A-0${Math.floor(random() * 999)}</xref>\n`;
  return reportItem({ port, protocol, svc: port ? 'www' : 'general', severity, pluginId: 100_000 + Math.floor(random() * 90_000), name: `Vendor App &lt; 2.0.1 Multiple Vulnerabilities (${item})`, body });
}

function cpeItem(counts: NessusGeneratorCounts, random: () => number): string {
  const lines = Array.from({ length: 3 + Math.floor(random() * 4) }, (_, n) => `cpe:/a:vendor${n}:product${n}:${n}.${Math.floor(random() * 10)} -&gt; Vendor${n} Product${n}`);
  counts.software += lines.length;
  const output = `\nThe remote operating system matched the following CPE :\n\n  cpe:/o:microsoft:windows -&gt; Microsoft Windows\n\nFollowing application CPE's matched on the remote system :\n\n  ${lines.join('\n  ')}\n`;
  return reportItem({ port: 0, svc: 'general', severity: 0, pluginId: 45590, name: 'Common Platform Enumeration (CPE)', body: `<plugin_output>${output}</plugin_output>\n` });
}

function windowsSoftwareItem(counts: NessusGeneratorCounts, random: () => number): string {
  const software = Array.from({ length: 20 + Math.floor(random() * 60) }, (_, n) => `${pick(random, windowsApps)} ${n} &amp; Tools  [version ${n}.${Math.floor(random() * 100)}.${Math.floor(random() * 9999)}]  [installed on 2023/0${1 + (n % 9)}/15]`);
  const updates = Array.from({ length: 2 + Math.floor(random() * 6) }, () => `KB${5_000_000 + Math.floor(random() * 40_000)}`);
  counts.software += software.length + updates.length;
  const output = `\nThe following software are installed on the remote host :\n\n${software.join('\n')}\n\nThe following updates are installed :\n\nMicrosoft Windows :\n  ${updates.join('\n  ')}\n`;
  return reportItem({ port: 445, svc: 'cifs', severity: 0, pluginId: 20811, name: 'Microsoft Windows Installed Software Enumeration (credentialed check)', body: `<plugin_output>${output}</plugin_output>\n` });
}

/** 22869 on a Debian-family host: dpkg -l as the credentialed SSH check prints it. */
function dpkgSoftwareItem(counts: NessusGeneratorCounts, random: () => number): string {
  const packages = Array.from({ length: 50 + Math.floor(random() * 150) }, (_, n) => `ii  ${pick(random, linuxPackages)}${n}:amd64  ${Math.floor(random() * 9)}.${Math.floor(random() * 40)}-${1 + Math.floor(random() * 9)}~deb12u${1 + Math.floor(random() * 5)}  amd64  ${lorem(random, 4)}`);
  counts.software += packages.length;
  const output = `\nHere is the list of packages installed on the remote Debian Linux system :\n\n  Desired=Unknown/Install/Remove/Purge/Hold\n  | Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n  |/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n  ||/ Name  Version  Architecture  Description\n  +++-=====-=======-============-===========\n  ${packages.join('\n  ')}\n`;
  return reportItem({ port: 22, svc: 'ssh', severity: 0, pluginId: 22869, name: 'Software Enumeration (SSH)', body: `<plugin_output>${output}</plugin_output>\n` });
}

/** 22869 on a Red Hat-family host: rpm -qa with its query format. */
function rpmSoftwareItem(counts: NessusGeneratorCounts, random: () => number): string {
  const packages = Array.from({ length: 50 + Math.floor(random() * 150) }, (_, n) => `${pick(random, linuxPackages)}${n}-${Math.floor(random() * 9)}.${Math.floor(random() * 40)}.${Math.floor(random() * 9)}-${1 + Math.floor(random() * 30)}.el8|(none)|Red Hat, Inc.|Mon 13 Nov 2023 10:12:0${n % 10} AM GMT|x86_64`);
  counts.software += packages.length;
  const output = `\nHere is the list of packages installed on the remote Red Hat Linux system :\n\n  ${packages.join('\n  ')}\n`;
  return reportItem({ port: 22, svc: 'ssh', severity: 0, pluginId: 22869, name: 'Software Enumeration (SSH)', body: `<plugin_output>${output}</plugin_output>\n` });
}

function scanInformationItem(random: () => number, credentialed: boolean, os: string): string {
  const output = `Information about this scan : \n\nNessus version : 10.6.2\nNessus build : 20009\nPlugin feed version : 202311141523\nScanner edition used : Nessus\nScanner OS : LINUX\nScanner distribution : es8-x86-64\nScan type : Normal\nScan name : Trust estate weekly\nScan policy used : Advanced Scan\nScanner IP : 10.0.0.5\nPort scanner(s) : nessus_syn_scanner \nPort range : default\nPing RTT : ${(random() * 40).toFixed(3)} ms\nThorough tests : no\nExperimental tests : no\nScan for Unpatched Vulnerabilities : no\nPlugin debugging enabled : no\nParanoia level : 1\nReport verbosity : 1\nSafe checks : yes\nOptimize the test : yes\nCredentialed checks : ${credentialed ? 'yes' : 'no'}\nPatch management checks : None\nDisplay superseded patches : yes (supersedence plugin launched)\nCGI scanning : disabled\nWeb application tests : disabled\nMax hosts : 30\nMax checks : 4\nRecv timeout : 5\nBackports : None\nAllow post-scan editing : Yes\nNessus Plugin Signature Checking : Enabled\nAudit File Signature Checking : Disabled\nScan Start Date : 2023/11/14 22:13 GMT\nScan duration : ${300 + Math.floor(random() * 900)} sec\nScan for malware : no\nOS : ${os}\n`;
  return reportItem({ port: 0, svc: 'general', severity: 0, pluginId: 19506, name: 'Nessus Scan Information', body: `<plugin_output>${output}</plugin_output>\n` });
}

type ItemSpec = { port: number; protocol?: string; svc: string; severity: number; pluginId: number; name: string; body: string };

function reportItem(spec: ItemSpec): string {
  return `<ReportItem port="${spec.port}" svc_name="${spec.svc}" protocol="${spec.protocol ?? 'tcp'}" severity="${spec.severity}" pluginID="${spec.pluginId}" pluginName="${spec.name}" pluginFamily="General">\n${spec.body}</ReportItem>\n`;
}

function tag(name: string, value: string): string {
  return `<tag name="${name}">${value}</tag>\n`;
}

const riskFactors = ['None', 'Low', 'Medium', 'High', 'Critical'];
const commonPorts = [22, 80, 135, 139, 443, 445, 3389, 8080, 8443];
const impacts = ['N', 'L', 'H'];
const windowsApps = ['Microsoft Edge', 'Google Chrome', 'Mozilla Firefox', 'Adobe Acrobat Reader', '7-Zip', 'Microsoft Office Professional Plus', 'Cisco AnyConnect', 'EMIS Web', 'SystmOne Client', 'Java Runtime'];
const linuxPackages = ['libssl', 'openssh-server', 'bash', 'coreutils', 'python3-lib', 'systemd', 'curl', 'libxml', 'nginx-core', 'postgresql-client'];
const windowsNames = ['Microsoft Windows 10 Enterprise', 'Microsoft Windows Server 2019 Standard', 'Microsoft Windows 11 Pro', 'Microsoft Windows Server 2012 R2 Standard'];
const linuxNames = ['Linux Kernel 5.15 on Ubuntu 22.04', 'Debian GNU/Linux 12 (bookworm)', 'Red Hat Enterprise Linux 8'];
const words = 'patient record server network update security remote vulnerable version allows attacker execute code via crafted request'.split(' ');

/** Filler prose cut from one long text: far cheaper than picking words one by one. */
const prose = Array.from({ length: 4000 }, (_, n) => words[(n * 7 + (n >> 3)) % words.length]).join(' ');

function lorem(random: () => number, count: number): string {
  const length = Math.min(count * 7, prose.length - 1);
  const from = prose.indexOf(' ', Math.floor(random() * (prose.length - length - 1))) + 1;
  return prose.slice(from, from + length).trimEnd();
}

function pick<T>(random: () => number, values: readonly T[]): T {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

function hex(value: number): string {
  return (value & 255).toString(16).padStart(2, '0');
}

/** A small seeded PRNG, so the same seed writes the same bytes on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
