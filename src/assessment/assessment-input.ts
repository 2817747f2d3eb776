/**
 * Everything a rule may look at, for one organisation on one as-of date. Plain data only (no
 * classes, no functions, no Maps) so a storage-backed assembler can build it from the evidence and
 * intel tables, and a snapshot can be stored as JSON next to its results.
 *
 * Conventions:
 * - Dates are ISO `YYYY-MM-DD` (a longer ISO timestamp is accepted; only its date part counts).
 * - `undefined` means "we hold no evidence about this"; rules turn it into `not-evidenced`.
 *   An explicit `false`, `null` or empty list is evidence and is judged.
 * - Ids are the assembler's stable ids (device id, finding id…); names are for people.
 */
import type { CeVersion } from './controls.js';

export type DeviceKind = 'end-user-device' | 'server' | 'network-device' | 'mobile' | 'unknown';

export type OsFamily = 'windows' | 'linux' | 'macos' | 'ios' | 'android' | 'unix' | 'network' | 'other';

/**
 * Vendor support dates for one release cycle, copied from lifecycle intel (endoflife.date).
 * `supportEndsOn` is the vendor's published end date and is read as the LAST day still covered:
 * Microsoft ships the final update on that day, and CE accepts Windows 10 "until 14 Oct 2025".
 */
export type SupportWindow = {
  /** Lifecycle cycle id, e.g. `10-22h2`. */
  cycle: string;
  /** Last day of vendor security support; `null` when no end has been announced. */
  supportEndsOn: string | null;
  /** Last day of the paid extended programme (Microsoft ESU) when one exists. */
  extendedSupportEndsOn?: string;
};

export type OperatingSystemInfo = {
  /** As reported, e.g. "Microsoft Windows 10 Enterprise". */
  name: string;
  family: OsFamily;
  edition?: string;
  /** Feature version, e.g. "22H2"; with name and edition it makes the CE+ sampling "build". */
  version?: string;
  /** Full build, e.g. "10.0.19045.4291". */
  build?: string;
  /** Absent when lifecycle intel has no entry for this OS: the support rule cannot judge it. */
  support?: SupportWindow;
};

/** CVE intelligence for one vulnerability matched to installed software or a finding. */
export type VendorSeverity = 'critical' | 'high' | 'medium' | 'low';

export type VulnerabilityIntel = {
  cve: string;
  /**
   * The vendor's own rating, mapped to four levels by the assembler (Microsoft "Important" → high:
   * see the doubts in the assessment README). Absent = the vendor published no severity.
   */
  vendorSeverity?: VendorSeverity;
  /** Highest CVSS v3.x base score known for the CVE (v2 and v4 do not count for CE). */
  cvssV3?: number;
  /** Day the vendor released the fix. `null`: no fix exists yet. Absent: unknown. */
  fixReleasedOn?: string | null;
  /** Lowest version that contains the fix, for the remediation plan. */
  fixedVersion?: string;
  kev: boolean;
  /** FIRST EPSS probability 0–1 when known. */
  epss?: number;
};

export type InstalledSoftware = {
  id: string;
  name: string;
  vendor?: string;
  version?: string;
  /** Lifecycle dates when intel knows the product; applications without them are not judged. */
  support?: SupportWindow;
  /** Vulnerabilities intel matched to this exact version (NVD applicability, MSRC). */
  vulnerabilities: VulnerabilityIntel[];
};

export type ScannerSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export type ScannerFinding = {
  id: string;
  tool: string;
  checkId: string;
  title: string;
  /** The severity the scanner or vendor advisory gives; absent = none given. */
  severity?: ScannerSeverity;
  cves: string[];
  cvssV3?: number;
  /** Day the vendor released the fix. `null`: no fix exists. Absent: unknown. */
  fixReleasedOn?: string | null;
  /** Product the finding is about and the version that fixes it, when the scanner says. */
  product?: string;
  fixedVersion?: string;
  kev: boolean;
  epss?: number;
};

/**
 * Configuration facts observed on the device. Each field names the observation key it comes from;
 * `undefined` means not observed.
 */
export type DeviceConfiguration = {
  /** `smb1.enabled` */
  smb1Enabled?: boolean;
  /** `autorun.enabled` */
  autorunEnabled?: boolean;
  /** `firewall.enabled` (host firewall) */
  firewallEnabled?: boolean;
  /** `av.present` */
  avPresent?: boolean;
  /** `av.enabled` */
  avEnabled?: boolean;
  /** `av.signature_age_days` */
  avSignatureAgeDays?: number;
  /** `allowlisting.enforced`: certificate-based application allow-listing is enforcing. */
  allowListingEnforced?: boolean;
  /** `local_admins`: members of the local administrators group. */
  localAdmins?: string[];
  /** `primary_user`: the account used day to day on the device. */
  primaryUser?: string;
  /** `default_accounts.enabled`: vendor default accounts still enabled (Guest, admin, pi, …). */
  enabledDefaultAccounts?: string[];
  /** `lockout.threshold`: failed attempts before lock-out; `null` = lock-out disabled. */
  lockoutThreshold?: number | null;
  /** `lockout.throttle`: guesses allowed in five minutes when the platform throttles instead. */
  throttleAttemptsPerFiveMinutes?: number | null;
};

export type Device = {
  id: string;
  name: string;
  kind: DeviceKind;
  os?: OperatingSystemInfo;
  /** Enrolled in the vendor's extended security updates (Microsoft ESU). */
  extendedSupportEnrolled: boolean;
  lastSeenOn?: string;
  /** True when the latest vulnerability scan logged in to the device. */
  credentialedScan: boolean;
  /** Servers with a desktop someone signs in to (TC3/TC5 apply to them). */
  interactiveDesktop?: boolean;
  /** `undefined`: no software inventory was collected. `[]`: collected, nothing found. */
  software?: InstalledSoftware[];
  /** `undefined`: never scanned. `[]`: scanned, no findings. */
  findings?: ScannerFinding[];
  configuration: DeviceConfiguration;
};

export type BoundaryScan = { id: string; tool: string; scannedOn: string; targets: string[] };

export type ServiceAuthentication = 'none' | 'password' | 'multi-factor';

/**
 * One service reachable from the internet, with what is known for each step of the TC1 decision
 * flow (DOMAIN.md §2.2). Unknown steps are left undefined and the flow stops there.
 */
export type ExposedService = {
  id: string;
  host: string;
  port: number;
  protocol: 'tcp' | 'udp';
  service?: string;
  scanId: string;
  vulnerabilities: { id: string; cvssV3?: number; kev: boolean; epss?: number }[];
  /** It only serves public, read-only information (a public web site). */
  publicReadOnly?: boolean;
  authentication?: ServiceAuthentication;
  defaultPasswordsUnchanged?: boolean;
  throttling?: boolean;
  /** Failed attempts before lock-out; `null` = no lock-out. */
  lockoutThreshold?: number | null;
};

export type AccountRole = 'user' | 'admin';

export type CloudAccount = {
  id: string;
  username: string;
  role: AccountRole;
  /** `undefined` when the identity provider's report did not cover this account. */
  mfaEnabled?: boolean;
  /** How the evidence showed the MFA state, in words (e.g. "sign-in logs: 12 of 12 … required MFA"). */
  mfaEvidence?: string;
};

export type CloudService = {
  id: string;
  name: string;
  kind?: 'iaas' | 'paas' | 'saas';
  /** Services sharing one sign-in (Entra ID, Google) are tested once per provider (TC4). */
  identityProvider?: string;
  accounts: CloudAccount[];
};

/** Sub-tests an assessor records by hand (DOMAIN.md §2.2 TC3–TC5). */
export type ManualTestKind = 'tc3-email' | 'tc3-web' | 'tc3-allowlisting' | 'tc4-mfa' | 'tc5-separation';

export type ManualResult = {
  id: string;
  test: ManualTestKind;
  /** A sampled device (TC3, TC5) or a cloud service (TC4). */
  deviceId?: string;
  cloudServiceId?: string;
  /** For TC4: which kind of account signed in. */
  accountRole?: AccountRole;
  accountId?: string;
  result: 'pass' | 'fail';
  recordedBy: string;
  recordedOn: string;
  notes?: string;
};

/** The CE+ sample the assessor drew (see sampling.ts); manual tests are expected on these. */
export type RecordedSample = { id: string; seed: string; deviceIds: string[] };

export type AssessmentInput = {
  organisationId: string;
  organisationName: string;
  ceVersion: CeVersion;
  /** Devices inside the agreed scope only; the assembler drops out-of-scope ones. */
  devices: Device[];
  /** `[]` means no external scan has been imported: TC1 is then not evidenced. */
  boundaryScans: BoundaryScan[];
  exposedServices: ExposedService[];
  /** `undefined`: no cloud inventory. Cloud services cannot be left out of scope (v3.3). */
  cloudServices?: CloudService[];
  sample?: RecordedSample;
  manualResults: ManualResult[];
};
