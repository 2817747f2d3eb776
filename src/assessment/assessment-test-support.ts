/**
 * Builders for hand-made organisations in the assessment tests. Defaults describe a compliant,
 * fully evidenced device so each test states only the fact it is about.
 */
import type { AssessmentInput, Device, InstalledSoftware, ScannerFinding, VulnerabilityIntel } from './assessment-input.js';

export const windows10: NonNullable<Device['os']> = {
  name: 'Microsoft Windows 10 Enterprise',
  family: 'windows',
  edition: 'Enterprise',
  version: '22H2',
  build: '10.0.19045.6456',
  support: { cycle: '10-22h2', supportEndsOn: '2025-10-14', extendedSupportEndsOn: '2028-10-10' },
};

export const windows11: NonNullable<Device['os']> = {
  name: 'Microsoft Windows 11 Enterprise',
  family: 'windows',
  edition: 'Enterprise',
  version: '24H2',
  build: '10.0.26100.4946',
  support: { cycle: '11-24h2-e', supportEndsOn: '2027-10-12' },
};

export function device(overrides: Partial<Device> & { id: string }): Device {
  return {
    name: overrides.id.toUpperCase(),
    kind: 'end-user-device',
    os: windows11,
    extendedSupportEnrolled: false,
    lastSeenOn: '2026-05-01',
    credentialedScan: true,
    interactiveDesktop: true,
    software: [],
    findings: [],
    ...overrides,
    configuration: {
      smb1Enabled: false,
      autorunEnabled: false,
      firewallEnabled: true,
      avPresent: true,
      avEnabled: true,
      avSignatureAgeDays: 0,
      localAdmins: ['Administrator'],
      primaryUser: 'jo.bloggs',
      enabledDefaultAccounts: [],
      lockoutThreshold: 10,
      ...overrides.configuration,
    },
  };
}

export function vulnerability(overrides: Partial<VulnerabilityIntel> & { cve: string }): VulnerabilityIntel {
  return { vendorSeverity: 'high', cvssV3: 8.1, fixReleasedOn: '2026-04-01', fixedVersion: '2.0.0', kev: false, ...overrides };
}

export function software(overrides: Partial<InstalledSoftware> & { id: string; name: string }): InstalledSoftware {
  return { vendor: 'acme', version: '1.0.0', vulnerabilities: [], ...overrides };
}

export function finding(overrides: Partial<ScannerFinding> & { id: string }): ScannerFinding {
  return { tool: 'nessus', checkId: '100001', title: 'Missing update', severity: 'high', cves: [], cvssV3: 8.1, fixReleasedOn: '2026-04-01', kev: false, ...overrides };
}

export function organisation(overrides: Partial<AssessmentInput> = {}): AssessmentInput {
  return {
    organisationId: 'org-1',
    organisationName: 'Test Trust',
    ceVersion: '3.3',
    devices: [],
    boundaryScans: [{ id: 'scan-1', tool: 'nmap', scannedOn: '2026-05-01', targets: ['203.0.113.0/28'] }],
    exposedServices: [],
    cloudServices: [],
    manualResults: [],
    ...overrides,
  };
}
