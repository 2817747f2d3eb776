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
  const itemsPerHost = options.itemsPerHost ?? 60;
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
  const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  const name = `host${index}.trust${index % 97}.nhs.example`;
  const os = windows ? pick(random, windowsNames) : pick(random, linuxNames);
  const start = 1_700_000_000 + index * 37;
  const parts: string[] = [
    `<ReportHost name="${ip}"><HostProperties>\n`,
    tag('HOST_END_TIMESTAMP', String(start + 600)),
    tag('HOST_END', 'Tue Nov 14 22:23:20 2023'),
    tag('operating-system', os),
    tag('system-type', 'general-purpose'),
    tag('Credentialed_Scan', windows ? 'true' : 'false'),
    tag('mac-address', `00:50:56:${hex(index >> 16)}:${hex(index >> 8)}:${hex(index)}`),
    tag('host-ip', ip),
    tag('host-fqdn', name),
    tag('netbios-name', `HOST${index}`),
    tag('HOST_START_TIMESTAMP', String(start)),
    tag('HOST_START', 'Tue Nov 14 22:13:20 2023'),
    '</HostProperties>\n',
  ];
  const ports = new Set<string>();
  for (let item = 0; item < itemsPerHost; item++) {
    parts.push(itemXml(counts, random, item, windows, ports));
  }
  counts.services += ports.size;
  parts.push('</ReportHost>\n');
  return parts.join('');
}

function itemXml(counts: NessusGeneratorCounts, random: () => number, item: number, windows: boolean, ports: Set<string>): string {
  counts.items++;
  if (item === 0) return cpeItem(counts, random);
  if (item === 1 && windows) {
    ports.add('tcp/445');
    return windowsSoftwareItem(counts, random);
  }
  if (item < 6) {
    const port = pick(random, commonPorts);
    ports.add(`tcp/${port}`);
    return reportItem({ port, svc: 'www', severity: 0, pluginId: 11219, name: 'Nessus SYN scanner', body: `<plugin_output>Port ${port}/tcp was found to be open</plugin_output>\n` });
  }
  const severity = Math.floor(random() * 5);
  counts.severitySum += severity;
  const port = random() < 0.5 ? 0 : pick(random, commonPorts);
  const protocol = random() < 0.9 ? 'tcp' : 'udp';
  if (port > 0) ports.add(`${protocol}/${port}`);
  const cveCount = severity === 0 ? 0 : 1 + Math.floor(random() * 4);
  counts.cves += cveCount;
  const cves = Array.from({ length: cveCount }, () => `<cve>CVE-${2015 + Math.floor(random() * 10)}-${1000 + Math.floor(random() * 50_000)}</cve>\n`).join('');
  const score = (severity * 2 + random() * 1.9).toFixed(1);
  const body =
    cves +
    `<cvss3_base_score>${score}</cvss3_base_score>\n<cvss3_vector>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</cvss3_vector>\n` +
    `<cvss_base_score>${score}</cvss_base_score>\n<cvss_vector>CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P</cvss_vector>\n` +
    `<description>The remote host is affected by a flaw &lt;in&gt; the &quot;service&quot; &amp; its parser. ${lorem(random, 40)}</description>\n` +
    `<patch_publication_date>2023/0${1 + Math.floor(random() * 9)}/1${Math.floor(random() * 10)}</patch_publication_date>\n` +
    `<plugin_output>\n  Installed version : 1.${Math.floor(random() * 20)}.${Math.floor(random() * 99)}\n  Fixed version     : 2.0.1\n  Path : C:\\Program Files\\Vendor &amp; Co\\app.exe &#233;\n${lorem(random, 25)}</plugin_output>\n` +
    `<risk_factor>${riskFactors[severity] ?? 'None'}</risk_factor>\n` +
    `<solution>Upgrade to version 2.0.1 or later.</solution>\n<synopsis>The remote service is affected by multiple vulnerabilities.</synopsis>\n`;
  return reportItem({ port, protocol, svc: port ? 'www' : 'general', severity, pluginId: 100_000 + Math.floor(random() * 90_000), name: `Vendor App &lt; 2.0.1 Multiple Vulnerabilities (${item})`, body });
}

function cpeItem(counts: NessusGeneratorCounts, random: () => number): string {
  const lines = Array.from({ length: 3 + Math.floor(random() * 4) }, (_, n) => `cpe:/a:vendor${n}:product${n}:${n}.${Math.floor(random() * 10)} -&gt; Vendor${n} Product${n}`);
  counts.software += lines.length;
  const output = `\nThe remote operating system matched the following CPE :\n\n  cpe:/o:microsoft:windows -&gt; Microsoft Windows\n\nFollowing application CPE's matched on the remote system :\n\n  ${lines.join('\n  ')}\n`;
  return reportItem({ port: 0, svc: 'general', severity: 0, pluginId: 45590, name: 'Common Platform Enumeration (CPE)', body: `<plugin_output>${output}</plugin_output>\n` });
}

function windowsSoftwareItem(counts: NessusGeneratorCounts, random: () => number): string {
  const software = Array.from({ length: 5 + Math.floor(random() * 10) }, (_, n) => `Application ${n} &amp; Tools  [version ${n}.${Math.floor(random() * 100)}]  [installed on 2023/0${1 + (n % 9)}/15]`);
  const updates = ['KB5031356', 'KB5032189'];
  counts.software += software.length + updates.length;
  const output = `\nThe following software are installed on the remote host :\n\n${software.join('\n')}\n\nThe following updates are installed :\n\nMicrosoft Windows :\n  ${updates.join('\n  ')}\n`;
  return reportItem({ port: 445, svc: 'cifs', severity: 0, pluginId: 20811, name: 'Microsoft Windows Installed Software Enumeration (credentialed check)', body: `<plugin_output>${output}</plugin_output>\n` });
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
const windowsNames = ['Microsoft Windows 10 Enterprise', 'Microsoft Windows Server 2019 Standard', 'Microsoft Windows 11 Pro', 'Microsoft Windows Server 2012 R2 Standard'];
const linuxNames = ['Linux Kernel 5.15 on Ubuntu 22.04', 'Debian GNU/Linux 12 (bookworm)', 'Red Hat Enterprise Linux 8'];
const words = 'patient record server network update security remote vulnerable version allows attacker execute code via crafted request'.split(' ');

function lorem(random: () => number, count: number): string {
  return Array.from({ length: count }, () => pick(random, words)).join(' ');
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
