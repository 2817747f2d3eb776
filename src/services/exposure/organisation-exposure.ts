/**
 * The contract between matching (which software and OS versions are exposed to which CVEs, and
 * which are past support) and its readers (assessment, alerts, the web UI). The matching service
 * implements `ReadOrganisationExposure` from its stored results; readers depend on this type only.
 */
import type { SupportWindow, VulnerabilityIntel } from '../../assessment/assessment-input.js';
import type { ServiceContext } from '../context.js';
import type { CurrentDeviceImport } from '../evidence/current-evidence.js';

/** Which knowledge proved a vulnerability: an NVD applicability range, a Microsoft fixed build or KB, … */
export type ExposureSource = 'nvd' | 'msrc-build' | 'msrc-kb' | 'cve5' | 'vulnrichment' | 'osv';

export type ExposedVulnerability = VulnerabilityIntel & {
  source: ExposureSource;
  /** For people: which range, fixed build or missing KB matched, e.g. "log4j-core 2.14.1 < 2.15.0 (NVD cpeMatch)". */
  reason: string;
};

/** One installed product version on one device, from the device's current evidence. */
export type DeviceSoftwareExposure = {
  deviceId: string;
  /** Stable across reads while the evidence is unchanged (used in check subjects and remediation). */
  softwareId: string;
  name: string;
  vendor?: string;
  version?: string;
  /** The CPE it was mapped to (`cpe:2.3:a:apache:log4j:2.14.1:*:…`), absent when unmapped. */
  cpe?: string;
  /** 0–1: 1 for a CPE/purl given by the tool, lower for a name-based mapping. */
  mappingConfidence?: number;
  /** How it was mapped (`cpe`, `purl`, `alias`, `nvd-name`) and why; added by the estate matcher. */
  mappingMethod?: string;
  mappingNote?: string;
  /** Lifecycle dates when intel knows the product (endoflife.date). */
  support?: SupportWindow;
  vulnerabilities: ExposedVulnerability[];
  /**
   * CVEs a source matched but a higher-precedence one ruled out for this product, with why (e.g. the
   * distribution's OSV record says the back-ported package is fixed). Optional: added for issue 12.
   */
  notVulnerable?: { cve: string; source: ExposureSource; reason: string }[];
};

/** One device's operating system as judged against lifecycle and Microsoft update data. */
export type DeviceOperatingSystemExposure = {
  deviceId: string;
  /** The OS as evidence names it, and the Microsoft product it was judged as (added by the estate matcher). */
  name?: string;
  build?: string;
  msrcProduct?: string;
  /** What could not be judged and why (no UBR and no installed-KB evidence, unknown release, …). */
  notes?: string[];
  support?: SupportWindow;
  vulnerabilities: ExposedVulnerability[];
};

export type OrganisationExposure = {
  organisationId: string;
  software: DeviceSoftwareExposure[];
  operatingSystems: DeviceOperatingSystemExposure[];
  /** Installed software that could not be mapped to any product Ward knows: listed, never dropped. */
  unmapped: { deviceId: string; name: string; version?: string; reason?: string }[];
};

/** `current`: the organisation's current evidence when the caller has just read it (saves reading it twice). */
export type ReadExposureOptions = { current?: readonly CurrentDeviceImport[] };

export type ReadOrganisationExposure = (context: ServiceContext, organisationId: string, options?: ReadExposureOptions) => Promise<OrganisationExposure>;
