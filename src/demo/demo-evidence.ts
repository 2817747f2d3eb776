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
import type { Round } from './demo-catalogue.js';

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

/** The Entra tenant of a demo organisation is named by its users' domain (ingest/formats/entra-tenant.ts). */
export const demoTenantDomain = (organisation: DemoOrganisation): string => `${organisation.odsCode.toLowerCase()}.nhs.uk`;

/** A stable GUID-shaped object id from the seed, as Entra gives every user one. */
function objectId(seed: string, ...key: (string | number)[]): string {
  const hex = createHash('sha256').update([seed, ...key].join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The organisation's Microsoft Graph userRegistrationDetails export (one page, as the API returns
 * it): staff accounts and a few administrators, each MFA capable or not by the organisation's
 * maturity in that round (administrators are usually enrolled first). An exemplary organisation
 * has every account registered.
 */
export function entraRegistrationFile(seed: string, organisation: DemoOrganisation, round: Round): string {
  const random = randomFor(seed, 'entra', organisation.odsCode, round.id);
  const m = organisation.maturity * round.maturity;
  const domain = demoTenantDomain(organisation);
  const users = Math.max(6, Math.round(organisation.devices / 4));
  const admins = 2 + (organisation.devices > 120 ? 1 : 0);
  const methods = [['microsoftAuthenticatorPush', 'softwareOneTimePasscode'], ['microsoftAuthenticatorPush'], ['fido2', 'microsoftAuthenticatorPush'], ['mobilePhone', 'microsoftAuthenticatorPush']] as const;
  const rows = Array.from({ length: users + admins }, (_, index) => {
    const admin = index >= users;
    const name = admin ? `adm-${String(index - users + 1).padStart(2, '0')}` : `user${String(index + 1).padStart(5, '0')}`;
    const capable = random.chance(admin ? 0.6 + 0.4 * m : 0.45 + 0.55 * m);
    const registered = capable ? [...random.pick(methods)] : random.chance(0.3) ? ['email'] : [];
    return {
      id: objectId(seed, organisation.odsCode, name),
      userPrincipalName: `${name}@${domain}`,
      userDisplayName: admin ? `Administrator ${index - users + 1}` : `Staff member ${index + 1}`,
      userType: 'member',
      isAdmin: admin,
      isSsprRegistered: registered.length > 0,
      isSsprEnabled: true,
      isSsprCapable: registered.length > 0,
      isMfaRegistered: capable,
      isMfaCapable: capable,
      isPasswordlessCapable: registered.includes('fido2'),
      methodsRegistered: registered,
      lastUpdatedDateTime: round.at,
    };
  });
  return `${JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails', value: rows }, null, 1)}\n`;
}
