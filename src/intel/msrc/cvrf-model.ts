/** One remediation of one vulnerability, as MSRC publishes it. */
export type CvrfRemediation = {
  /** `Vendor Fix` (a KB), `Known Issue`, `Release Notes`, `Mitigation`, `Workaround`, … */
  type: string;
  /** The KB number for Windows fixes (`4012212`); other products put a label here. */
  kb: string | undefined;
  description: string;
  url: string | undefined;
  /** `Security Only`, `Monthly Rollup`, `Security Update`, … */
  subType: string | undefined;
  /** KB numbers this update replaces. */
  supersedes: string[];
  productIds: string[];
  /** Build at which the product is fixed, e.g. `10.0.19045.6456` (documents since about 2022). */
  fixedBuild: string | undefined;
};

export type CvrfVulnerability = {
  cve: string;
  title: string;
  /** Products listed as affected ("Known Affected"). */
  affectedProductIds: string[];
  remediations: CvrfRemediation[];
};

/** One monthly MSRC CVRF document (`2017-Mar`), read from its XML or JSON form. */
export type CvrfDocument = {
  id: string;
  title: string;
  /** YYYY-MM-DD of the initial release (Patch Tuesday). */
  releaseDate: string;
  products: ReadonlyMap<string, string>;
  vulnerabilities: CvrfVulnerability[];
};

export function kbFromDescription(description: string): string | undefined {
  const match = /^(?:KB)?(\d{6,8})$/i.exec(description.trim());
  return match?.[1];
}

export function splitSupersedence(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,;]+/)
    .map((kb) => kbFromDescription(kb))
    .filter((kb): kb is string => kb !== undefined);
}
