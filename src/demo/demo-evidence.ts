/**
 * One round's evidence of one organisation, in the forms the real import path takes: the device
 * inventory as Ward's inventory CSV and the boundary as Nmap XML (files, parsed by the real
 * parsers), and the credentialed scan as the normalised records the Nessus parser yields
 * (assets, software from plugin 20811, findings, configuration checks) stored by `storeImport`.
 */
import { createHash } from 'node:crypto';
import type { EvidenceRecord } from '../ingest/evidence.js';
import { inventoryCsv, nmapXml, type NmapHost } from '../services/assessment/evidence-files.js';
import { adminServices } from './demo-catalogue.js';
import type { DemoDevice, DemoOrganisation } from './demo-estate.js';
import { randomFor } from './prng.js';

export function inventoryFile(devices: readonly DemoDevice[]): string {
  return inventoryCsv(
    devices.map((d) => ({
      hostname: d.hostname,
      os: d.os.name,
      osVersion: d.os.version,
      osBuild: d.os.build,
      type: d.server ? 'Server' : 'Desktop',
      lastSeen: d.lastSeen,
      avProduct: d.avProduct,
      avSignatureDate: d.avProduct === '' ? '' : d.avSignatureDate,
      inScope: 'Yes',
    })),
  );
}

const severityOf = (cvss3: number) =>
  cvss3 >= 9 ? 'critical' : cvss3 >= 7 ? 'high' : cvss3 >= 4 ? 'medium' : 'low';

/** The records a credentialed Nessus scan of these devices yields, in file order. */
export function scanRecords(
  organisation: DemoOrganisation,
  devices: readonly DemoDevice[],
  scannedAt: string,
): EvidenceRecord[] {
  const records: EvidenceRecord[] = [];
  for (const d of devices) {
    const assetRef = d.ip;
    records.push({
      kind: 'asset',
      assetRef,
      assetKind: d.server ? 'server' : 'end-user-device',
      hostname: d.hostname,
      fqdn: `${d.hostname}.${organisation.odsCode}.nhs.uk`.toLowerCase(),
      ipAddresses: [d.ip],
      macAddresses: [],
      os: {
        name: d.os.name,
        family: 'windows',
        ...(d.os.version !== '' ? { version: d.os.version } : {}),
        build: d.os.build,
      },
      credentialed: true,
      scanEndedAt: scannedAt,
    });
    for (const s of d.software)
      records.push({
        kind: 'software',
        assetRef,
        name: s.name,
        vendor: s.vendor,
        version: s.version,
        cpe: s.cpe,
        source: 'nessus:20811',
      });
    for (const f of d.findings) {
      records.push({
        kind: 'finding',
        assetRef,
        tool: 'nessus',
        checkId: f.checkId,
        title: f.title,
        severity: severityOf(f.cvss3),
        cves: [...f.cves],
        cvss: [{ version: '3.1', baseScore: f.cvss3 }],
        ...(f.checkId === '97833' ? { port: 445, protocol: 'tcp', service: 'cifs' } : {}),
        solution: 'Apply the vendor security update.',
        fixPublishedAt: f.fixedOn,
      });
    }
    for (const [key, value] of Object.entries(d.configuration))
      records.push({
        kind: 'observation',
        assetRef,
        key,
        value,
        observedAt: scannedAt,
        source: 'nessus:compliance',
      });
    if (d.esuEnrolled)
      records.push({
        kind: 'observation',
        assetRef,
        key: 'esu.enrolled',
        value: true,
        observedAt: scannedAt,
        source: 'nessus:compliance',
      });
  }
  return records;
}

/** A stable digest of the records: the same evidence gives the same SHA-256, so a re-run is a duplicate. */
export function recordsDigest(records: readonly EvidenceRecord[]): string {
  const hash = createHash('sha256');
  for (const record of records) hash.update(JSON.stringify(record)).update('\n');
  return hash.digest('hex');
}

/**
 * An external scan of the organisation's internet-facing addresses (documentation range 198.51.100.0/24): an exemplary organisation
 * shows nothing but filtered ports; others a web server; the weakest remote desktop, SSH or
 * telnet open to the internet.
 */
export function boundaryFile(seed: string, organisation: DemoOrganisation, roundId: string): string {
  const random = randomFor(seed, 'boundary', organisation.odsCode, roundId);
  const hosts: NmapHost[] = [];
  const count = random.int(2, 4);
  for (let i = 0; i < count; i += 1) {
    const ports: NmapHost['ports'] = [];
    if (organisation.maturity < 1 && i === 0) ports.push({ port: 443, service: 'https' });
    if (random.chance(0.45 * (1 - organisation.maturity))) {
      const admin = random.pick(adminServices);
      ports.push({ port: admin.port, service: admin.service });
    }
    hosts.push({
      ip: `198.51.100.${10 + i}`,
      hostname: `gw${i + 1}.${organisation.odsCode.toLowerCase()}.nhs.uk`,
      ports,
    });
  }
  // The round in a trailing comment: an unchanged boundary is still a new scan, not a duplicate file.
  return `${nmapXml(hosts)}<!-- scan ${roundId} -->\n`;
}
