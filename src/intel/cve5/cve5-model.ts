/** What a CVE JSON 5 record (CVE Program, `cvelistV5`) says, as far as Ward uses it. */

export type Cve5Status = 'affected' | 'unaffected' | 'unknown';

/** One `versions[]` item: a single version, or a range from `version` up to `lessThan` / `lessThanOrEqual`. */
export type Cve5Version = {
  version: string;
  status: Cve5Status;
  versionType: string | undefined;
  lessThan: string | undefined;
  lessThanOrEqual: string | undefined;
};

/** One `affected[]` product, from the CNA container or the CISA ADP (Vulnrichment) container. */
export type Cve5Affected = {
  vendor: string | undefined;
  product: string | undefined;
  packageName: string | undefined;
  /** CPE 2.3 names the container gives for this product (Vulnrichment always does). */
  cpes: string[];
  platforms: string[];
  versions: Cve5Version[];
  /** Status of every version no `versions` item covers; the schema's default is `unknown`. */
  defaultStatus: Cve5Status;
};

export type Cve5Metric = { version: '2.0' | '3.0' | '3.1' | '4.0'; vectorString: string; baseScore: number; baseSeverity: string | undefined };

/** CISA's SSVC decision points (Vulnrichment). */
export type Cve5Ssvc = { exploitation: string | undefined; automatable: string | undefined; technicalImpact: string | undefined; timestamp: string | undefined };

export type Cve5Container = { affected: Cve5Affected[]; metrics: Cve5Metric[] };

export type Cve5Record = {
  id: string;
  state: 'PUBLISHED' | 'REJECTED';
  assigner: string | undefined;
  published: string | undefined;
  updated: string | undefined;
  /** The English description of the CNA (or the rejection reason). */
  description: string;
  cna: Cve5Container;
  /** The "CISA ADP Vulnrichment" container when present. */
  vulnrichment: (Cve5Container & { ssvc: Cve5Ssvc | undefined; kevDateAdded: string | undefined }) | undefined;
};
