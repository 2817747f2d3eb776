import { parseCpe } from '../../intel/cpe/index.js';
import type { NvdConfiguration, NvdCpeMatch } from '../../intel/nvd/index.js';

type StoredMatch = Omit<NvdCpeMatch, 'cpe'>;
type StoredConfiguration = Omit<NvdConfiguration, 'nodes'> & { nodes: { operator: NvdConfiguration['operator']; negate: boolean; cpeMatch: StoredMatch[] }[] };

/**
 * The parsed CPE of each criteria is left out of the stored JSON: it is derived data, and storing
 * only NVD's own strings keeps rows readable and independent of the CPE parser's in-memory shape.
 */
export function serialiseConfigurations(configurations: readonly NvdConfiguration[]): string {
  const stored: StoredConfiguration[] = configurations.map((configuration) => ({
    ...configuration,
    nodes: configuration.nodes.map((node) => ({
      ...node,
      cpeMatch: node.cpeMatch.map((match) => ({
        vulnerable: match.vulnerable,
        criteria: match.criteria,
        matchCriteriaId: match.matchCriteriaId,
        versionStartIncluding: match.versionStartIncluding,
        versionStartExcluding: match.versionStartExcluding,
        versionEndIncluding: match.versionEndIncluding,
        versionEndExcluding: match.versionEndExcluding,
      })),
    })),
  }));
  return JSON.stringify(stored);
}

/** Rows were written by `serialiseConfigurations` from validated NVD records, so they are trusted here. */
export function deserialiseConfigurations(text: string): NvdConfiguration[] {
  const stored = JSON.parse(text) as StoredConfiguration[];
  return stored.map((configuration) => ({
    operator: configuration.operator,
    negate: configuration.negate,
    nodes: configuration.nodes.map((node) => ({
      operator: node.operator,
      negate: node.negate,
      cpeMatch: node.cpeMatch.map((match) => ({
        vulnerable: match.vulnerable,
        criteria: match.criteria,
        cpe: parseCpe(match.criteria),
        matchCriteriaId: match.matchCriteriaId,
        versionStartIncluding: match.versionStartIncluding,
        versionStartExcluding: match.versionStartExcluding,
        versionEndIncluding: match.versionEndIncluding,
        versionEndExcluding: match.versionEndExcluding,
      })),
    })),
  }));
}
