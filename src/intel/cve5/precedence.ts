import type { AffectedVerdict } from './judge-affected.js';

export type MatchSource = 'nvd' | 'cve5' | 'vulnrichment';

/** What each source says about one CVE and one product version. */
export type SourceFindings = {
  /** NVD: its configurations name this product (`named`) and which of them matched (reasons). */
  nvd: { named: boolean; matched: boolean; reason: string | undefined };
  /** The CNA's affected entries for this product, judged; undefined when the CNA names no such product. */
  cna: AffectedVerdict | undefined;
  /** CISA Vulnrichment's affected entries (CPE-named), judged; undefined when it names no such product. */
  adp: AffectedVerdict | undefined;
  /** Who the CNA is (`php`, `mitre`), for reasons. */
  assigner: string | undefined;
};

export type SourceDecision =
  | { verdict: 'affected'; source: MatchSource; reason: string; fixedVersion: string | undefined }
  | { verdict: 'not-affected'; source: MatchSource; overruled: MatchSource; reason: string }
  | { verdict: 'none' };

/**
 * Precedence between the sources for one product version and one CVE (written in the README):
 * 1. the CNA (usually the vendor) decides for its own product whenever its data covers the version:
 *    "unaffected" (e.g. a fixed build) beats an NVD range, "affected" stands even where NVD has no
 *    configuration (the post-February-2024 backlog);
 * 2. otherwise NVD's configurations decide; an NVD analysis that names the product but does not
 *    match the version beats a Vulnrichment CPE range;
 * 3. otherwise CISA Vulnrichment's CPE ranges decide.
 * A distribution's OSV record beats all three for that distribution's packages (applied per device,
 * where the distribution is known).
 */
export function decideSources(findings: SourceFindings): SourceDecision {
  const { nvd, cna, adp } = findings;
  const cnaName = `the CNA (${findings.assigner ?? 'unknown'})`;
  if (cna?.status === 'unaffected') {
    if (nvd.matched) return { verdict: 'not-affected', source: 'cve5', overruled: 'nvd', reason: `${cnaName} lists it as not affected: ${cna.reason}; NVD's match (${nvd.reason ?? 'range'}) is overruled` };
    if (adp?.status === 'affected') return { verdict: 'not-affected', source: 'cve5', overruled: 'vulnrichment', reason: `${cnaName} lists it as not affected: ${cna.reason}; CISA Vulnrichment's range (${adp.reason}) is overruled` };
    return { verdict: 'none' };
  }
  if (nvd.matched) return { verdict: 'none' };
  if (cna?.status === 'affected') return { verdict: 'affected', source: 'cve5', reason: `${cna.reason} (CVE 5 affected data of ${cnaName})`, fixedVersion: cna.fixedVersion };
  if (adp?.status === 'affected') {
    if (nvd.named) return { verdict: 'not-affected', source: 'nvd', overruled: 'vulnrichment', reason: `NVD's analysis names the product and does not match this version; CISA Vulnrichment's range (${adp.reason}) is overruled` };
    return { verdict: 'affected', source: 'vulnrichment', reason: `${adp.reason} (CISA ADP Vulnrichment CPE)`, fixedVersion: adp.fixedVersion };
  }
  return { verdict: 'none' };
}
