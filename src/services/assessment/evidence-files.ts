/**
 * Small evidence files for the storage-backed assessment tests, written in the tools' own formats
 * (Nessus v2 XML, Ward's inventory CSV, nmap XML) so they go through the real parsers and import.
 * Test support only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type NessusItem = { pluginId: string; name: string; severity: 0 | 1 | 2 | 3 | 4; cvss3?: number; cve?: string; patchDate?: string; port?: number; protocol?: string; svc?: string };

export type NessusHost = { ip: string; fqdn: string; os?: string; credentialed?: boolean; items: NessusItem[] };

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Nessus writes patch dates as YYYY/MM/DD. */
const nessusDate = (iso: string) => iso.replaceAll('-', '/');

export function nessusXml(hosts: readonly NessusHost[], reportName = 'ward-test'): string {
  const items = (items: readonly NessusItem[]) =>
    items
      .map(
        (i) => `<ReportItem port="${i.port ?? 0}" svc_name="${i.svc ?? 'general'}" protocol="${i.protocol ?? 'tcp'}" severity="${i.severity}" pluginID="${i.pluginId}" pluginName="${escape(i.name)}">
<plugin_name>${escape(i.name)}</plugin_name>
<risk_factor>${['None', 'Low', 'Medium', 'High', 'Critical'][i.severity] ?? 'None'}</risk_factor>
${i.cvss3 !== undefined ? `<cvss3_base_score>${i.cvss3.toFixed(1)}</cvss3_base_score>` : ''}
${i.cve ? `<cve>${i.cve}</cve>` : ''}
${i.patchDate ? `<patch_publication_date>${nessusDate(i.patchDate)}</patch_publication_date>` : ''}
<solution>Update the software.</solution>
</ReportItem>`,
      )
      .join('\n');
  const body = hosts
    .map(
      (h) => `<ReportHost name="${h.ip}"><HostProperties>
<tag name="host-ip">${h.ip}</tag>
<tag name="host-fqdn">${h.fqdn}</tag>
${h.os ? `<tag name="operating-system">${escape(h.os)}</tag>` : ''}
<tag name="Credentialed_Scan">${h.credentialed === false ? 'false' : 'true'}</tag>
<tag name="HOST_END_TIMESTAMP">1764320400</tag>
</HostProperties>
${items(h.items)}
</ReportHost>`,
    )
    .join('\n');
  return `<?xml version="1.0" ?>\n<NessusClientData_v2>\n<Report name="${reportName}" xmlns:cm="http://www.nessus.org/cm">\n${body}\n</Report>\n</NessusClientData_v2>\n`;
}

export type InventoryRow = { hostname: string; os: string; osVersion: string; osBuild: string; type?: string; lastSeen: string; avProduct?: string; avSignatureDate?: string; inScope?: 'Yes' | 'No' };

export function inventoryCsv(rows: readonly InventoryRow[]): string {
  const header = 'hostname,serial,os_name,os_version,os_build,device_type,last_seen,owner,encryption,av_product,av_signature_date,in_scope';
  return [header, ...rows.map((r, i) => [r.hostname, `SN${String(i + 1).padStart(5, '0')}${r.hostname}`, r.os, r.osVersion, r.osBuild, r.type ?? 'Desktop', r.lastSeen, `user${i + 1}@trust.nhs.uk`, 'Yes', r.avProduct ?? '', r.avSignatureDate ?? '', r.inScope ?? 'Yes'].join(','))].join('\n') + '\n';
}

export type NmapHost = { ip: string; hostname?: string; ports: { port: number; protocol?: 'tcp' | 'udp'; service: string }[] };

export function nmapXml(hosts: readonly NmapHost[]): string {
  const body = hosts
    .map(
      (h) => `<host starttime="1764320000" endtime="1764320400"><status state="up" reason="syn-ack"/>
<address addr="${h.ip}" addrtype="ipv4"/>
<hostnames>${h.hostname ? `<hostname name="${h.hostname}" type="PTR"/>` : ''}</hostnames>
<ports>${h.ports.map((p) => `<port protocol="${p.protocol ?? 'tcp'}" portid="${p.port}"><state state="open" reason="syn-ack"/><service name="${p.service}" method="table" conf="3"/></port>`).join('')}</ports>
</host>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<nmaprun scanner="nmap" args="nmap -sS" start="1764320000" version="7.94" xmloutputversion="1.05">\n${body}\n<runstats><finished time="1764320400"/></runstats></nmaprun>\n`;
}

/** Writes text to a fresh temporary file and returns its path. */
export function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ward-assess-')), name);
  writeFileSync(path, text);
  return path;
}
