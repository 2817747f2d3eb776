import { evaluateApplicability, type DevicePlatform, type MatchEvidence } from './applicability.js';
import type { NvdConfiguration, NvdCve, NvdNode } from './nvd-model.js';

/** One configuration of a CVE that applies to one product version, possibly only on some platform. */
export type ProductMatch = {
  cveId: string;
  configurationIndex: number;
  reason: string;
  matches: MatchEvidence[];
  /**
   * Nodes the device must also satisfy (NVD "application X running on OS Y": AND with a node of
   * non-vulnerable platform CPEs). Undefined when the product version alone is enough.
   */
  requires: NvdNode[] | undefined;
  /** First fixed version when NVD gives `versionEndExcluding` for the range that matched. */
  fixedVersion: string | undefined;
};

const isRequirement = (node: NvdNode): boolean => !node.negate && node.cpeMatch.length > 0 && node.cpeMatch.every((m) => !m.vulnerable);

function fixedVersionOf(configuration: NvdConfiguration, matches: readonly MatchEvidence[]): string | undefined {
  for (const evidence of matches.filter((m) => m.vulnerable)) {
    for (const node of configuration.nodes) {
      const match = node.cpeMatch.find((m) => m.criteria === evidence.criteria && m.matchCriteriaId === evidence.matchCriteriaId);
      if (match?.versionEndExcluding !== undefined) return match.versionEndExcluding;
    }
  }
  return undefined;
}

/** The cpeMatch criteria of requirement nodes, for reasons: `windows | macos`. */
export function describeRequirement(nodes: readonly NvdNode[]): string {
  return nodes.map((n) => n.cpeMatch.map((m) => m.criteria.split(':').slice(3, 6).filter((v) => v !== '*' && v !== '-').join(' ')).join(' | ')).join(' AND ');
}

/**
 * Matches ONE product version (without the rest of any device) against every configuration of a
 * CVE. A configuration that needs a platform besides the product (an AND with a node of
 * non-vulnerable OS or hardware CPEs) is split: the product half is evaluated now and the platform
 * half is returned as `requires`, to be checked per device with `requirementHolds`. This keeps
 * matching per distinct product version while still honouring "X running on Y".
 */
export function matchProductVersion(cve: NvdCve, platform: DevicePlatform): ProductMatch[] {
  const device = { platforms: [platform] };
  const found: ProductMatch[] = [];
  for (const [index, configuration] of cve.configurations.entries()) {
    const whole = evaluateApplicability({ ...cve, configurations: [configuration] }, device);
    if (whole.applies) {
      found.push({ cveId: cve.id, configurationIndex: index, reason: whole.reason.replace('(configuration 1)', `(configuration ${index + 1})`), matches: whole.matches, requires: undefined, fixedVersion: fixedVersionOf(configuration, whole.matches) });
      continue;
    }
    if (configuration.negate || configuration.operator !== 'AND' || configuration.nodes.length < 2) continue;
    const requires = configuration.nodes.filter(isRequirement);
    const own = configuration.nodes.filter((n) => !isRequirement(n));
    if (requires.length === 0 || own.length === 0) continue;
    const half = evaluateApplicability({ ...cve, configurations: [{ operator: 'AND', negate: false, nodes: own }] }, device);
    if (!half.applies) continue;
    const vulnerable = half.matches.filter((m) => m.vulnerable).map((m) => m.detail).join(', ');
    found.push({
      cveId: cve.id,
      configurationIndex: index,
      reason: `${cve.id} applies (configuration ${index + 1}): ${vulnerable} when running on ${describeRequirement(requires)}`,
      matches: half.matches,
      requires,
      fixedVersion: fixedVersionOf(configuration, half.matches),
    });
  }
  return found;
}

/** Does a device (its OS and other products, as CPEs) satisfy the platform half of a configuration? */
export function requirementHolds(nodes: readonly NvdNode[], platforms: readonly DevicePlatform[]): { holds: boolean; detail: string } {
  // The platform CPEs are "vulnerable: false" in NVD; evaluate them as the thing to be present.
  const asPresent: NvdNode[] = nodes.map((node) => ({ ...node, cpeMatch: node.cpeMatch.map((m) => ({ ...m, vulnerable: true })) }));
  const cve: NvdCve = {
    id: 'requirement',
    sourceIdentifier: undefined,
    published: '',
    lastModified: '',
    vulnStatus: '',
    description: '',
    descriptions: [],
    metrics: [],
    cweIds: [],
    references: [],
    configurations: [{ operator: 'AND', negate: false, nodes: asPresent }],
    kev: undefined,
  };
  const result = evaluateApplicability(cve, { platforms });
  return { holds: result.applies, detail: result.matches.map((m) => m.detail).join(', ') };
}
