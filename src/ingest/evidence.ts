/**
 * Normalised evidence: what every format parser yields, whatever tool wrote the file.
 * Records refer to their asset by `assetRef`, a key that is unique within one import; identity
 * across imports and sources is resolved later, at storage time.
 */
import type { SourceLocation } from '../core/errors.js';

export type AssetKind = 'end-user-device' | 'server' | 'network-device' | 'cloud-service' | 'unknown';

export type OsFamily = 'windows' | 'linux' | 'macos' | 'unix' | 'network' | 'other';

export type OperatingSystem = {
  /** As reported, e.g. "Microsoft Windows 10 Enterprise" or "Debian GNU/Linux 12 (bookworm)". */
  name: string;
  family?: OsFamily;
  /** Marketing or release version, e.g. "22H2", "12", "6.1". */
  version?: string;
  /** Full build where known, e.g. "10.0.19045.4291" (build + UBR). */
  build?: string;
  edition?: string;
  servicePack?: string;
  architecture?: string;
  cpe?: string;
};

export type AssetRecord = {
  kind: 'asset';
  assetRef: string;
  assetKind: AssetKind;
  hostname?: string;
  fqdn?: string;
  netbiosName?: string;
  ipAddresses: string[];
  macAddresses: string[];
  serialNumber?: string;
  os?: OperatingSystem;
  /** True when the scan logged in to the device (credentialed / authenticated). */
  credentialed?: boolean;
  scanStartedAt?: string;
  scanEndedAt?: string;
  lastSeenAt?: string;
  owner?: string;
  /** False when the inventory marks the device as out of the Cyber Essentials scope. */
  inScope?: boolean;
  /** Identifiers from the source tool (Defender machine id, Qualys host id, …). */
  externalIds?: Record<string, string>;
  location?: SourceLocation;
};

export type SoftwareRecord = {
  kind: 'software';
  assetRef: string;
  name: string;
  vendor?: string;
  version?: string;
  cpe?: string;
  purl?: string;
  /** Package ecosystem when known: deb, rpm, apk, msi, npm, maven, pypi, windows-update, … */
  packageType?: string;
  installedAt?: string;
  /** What in the source enumerated it, e.g. "nessus:20811" or "osquery:programs". */
  source: string;
  location?: SourceLocation;
};

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export type CvssScore = { version: '2.0' | '3.0' | '3.1' | '4.0'; vector?: string; baseScore?: number };

export type FindingRecord = {
  kind: 'finding';
  assetRef: string;
  /** Source tool and its id for the check, e.g. tool "nessus", checkId "97833". */
  tool: string;
  checkId: string;
  title: string;
  severity: Severity;
  cves: string[];
  cvss: CvssScore[];
  port?: number;
  protocol?: string;
  service?: string;
  solution?: string;
  /** When the vendor released the fix (drives the 14-day rule). ISO date. */
  fixPublishedAt?: string;
  vulnPublishedAt?: string;
  firstSeenAt?: string;
  lastSeenAt?: string;
  /** Scanner confidence 0–100 where the tool gives one (OpenVAS QoD). */
  confidence?: number;
  output?: string;
  location?: SourceLocation;
};

export type ServiceRecord = {
  kind: 'service';
  assetRef: string;
  port: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  state: 'open' | 'closed' | 'filtered' | 'open|filtered' | 'unknown';
  service?: string;
  product?: string;
  version?: string;
  cpes: string[];
  location?: SourceLocation;
};

export type ObservationValue = string | number | boolean | null;

/** A configuration fact such as `smb1.enabled = true` or `av.signature_age_days = 3`. */
export type ObservationRecord = {
  kind: 'observation';
  assetRef: string;
  key: string;
  value: ObservationValue;
  observedAt?: string;
  source: string;
  location?: SourceLocation;
};

/**
 * How an account of a cloud service (an identity provider's tenant) authenticates, as its source
 * shows it: sign-in logs show whether MFA was required (`enforced` / `not-enforced`); a
 * registration report only whether the account could be asked for a second factor (`capable` /
 * `not-capable`); `unknown` when the source covers the account but cannot tell.
 */
export type MfaState = 'enforced' | 'not-enforced' | 'capable' | 'not-capable' | 'unknown';

/** One account of the cloud service its `assetRef` names (an asset of kind `cloud-service`). */
export type CloudAccountRecord = {
  kind: 'cloud-account';
  assetRef: string;
  /** The identity provider's object id (Entra: the user's id). */
  accountId: string;
  userPrincipalName: string;
  displayName?: string;
  /** `undefined` when the source does not say (sign-in logs carry no roles). */
  role?: 'admin' | 'user';
  userType?: 'member' | 'guest';
  mfaState: MfaState;
  /** In words, how the source showed the state, e.g. "12 of 12 interactive sign-ins required MFA". */
  mfaJudgedBy: string;
  methods?: string[];
  /** What enumerated it, e.g. "entra:userRegistrationDetails". */
  source: string;
  location?: SourceLocation;
};

/** A problem with one record: the import goes on without it; the user sees where and why. */
export type IngestWarning = {
  kind: 'warning';
  message: string;
  location?: SourceLocation;
};

export type EvidenceRecord =
  | AssetRecord
  | SoftwareRecord
  | FindingRecord
  | ServiceRecord
  | ObservationRecord
  | CloudAccountRecord
  | IngestWarning;
