import type { CpeName } from '../cpe/index.js';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export type CvssMetric = {
  version: CvssVersion;
  /** Who scored it: `nvd@nist.gov` or the CNA. */
  source: string;
  type: 'Primary' | 'Secondary';
  vectorString: string;
  baseScore: number;
  /** v2 keeps the severity beside cvssData; v3/v4 inside it. Normalised here. */
  baseSeverity: string | undefined;
};

export type NvdCpeMatch = {
  vulnerable: boolean;
  criteria: string;
  /** `criteria` parsed once on reading, so a malformed CPE is reported with its CVE. */
  cpe: CpeName;
  matchCriteriaId: string | undefined;
  versionStartIncluding: string | undefined;
  versionStartExcluding: string | undefined;
  versionEndIncluding: string | undefined;
  versionEndExcluding: string | undefined;
};

export type NvdOperator = 'AND' | 'OR';

export type NvdNode = { operator: NvdOperator; negate: boolean; cpeMatch: NvdCpeMatch[] };

/** A configuration's nodes are combined by its operator; NVD omits it when there is one node. */
export type NvdConfiguration = { operator: NvdOperator; negate: boolean; nodes: NvdNode[] };

export type NvdReference = { url: string; source: string | undefined; tags: string[] };

export type NvdKevEcho = { dateAdded: string; actionDue: string | undefined; requiredAction: string | undefined; name: string | undefined };

export type NvdCve = {
  id: string;
  sourceIdentifier: string | undefined;
  published: string;
  lastModified: string;
  vulnStatus: string;
  /** The English description (NVD always carries one; other languages are kept in `descriptions`). */
  description: string;
  descriptions: { lang: string; value: string }[];
  /** All CVSS metrics, Primary before Secondary, then newest CVSS version first. */
  metrics: CvssMetric[];
  /** `CWE-nnn` ids across all sources, without NVD's placeholders (`NVD-CWE-Other`, `NVD-CWE-noinfo`). */
  cweIds: string[];
  references: NvdReference[];
  configurations: NvdConfiguration[];
  /** CISA KEV fields NVD copies into the record, when the CVE is in the catalogue. */
  kev: NvdKevEcho | undefined;
};
