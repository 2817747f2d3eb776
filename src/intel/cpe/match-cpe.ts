import { cpeAttributes, hasWildcard, type CpeAttribute, type CpeName, type CpeValue } from './cpe-name.js';

/** NISTIR 7696 §6.1 attribute relations, read as "source is ... of target". */
export type CpeRelation = 'SUPERSET' | 'SUBSET' | 'EQUAL' | 'DISJOINT' | 'UNDEFINED';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Wildcard semantics of NISTIR 7696's string comparison: a leading or trailing `*` matches any
 * run, and each leading or trailing `?` matches at most one character.
 */
function wildcardMatches(source: Extract<CpeValue, { kind: 'value' }>, target: string): boolean {
  const side = (marks: string): string => (marks === '*' ? '.*' : marks === '' ? '' : `.{0,${marks.length}}`);
  const pattern = new RegExp(`^${side(source.prefix)}${escapeRegExp(source.text)}${side(source.suffix)}$`, 'is');
  return pattern.test(target);
}

/** Table 6-2 of NISTIR 7696: how one source attribute value relates to one target value. */
export function compareAttribute(source: CpeValue, target: CpeValue): CpeRelation {
  if (hasWildcard(target)) return 'UNDEFINED';
  if (source.kind === 'any') return target.kind === 'any' ? 'EQUAL' : 'SUPERSET';
  if (target.kind === 'any') return 'SUBSET';
  if (source.kind === 'na') return target.kind === 'na' ? 'EQUAL' : 'DISJOINT';
  if (target.kind === 'na') return 'DISJOINT';
  if (hasWildcard(source)) return wildcardMatches(source, target.text) ? 'SUPERSET' : 'DISJOINT';
  // Values are compared without regard to case (NISTIR 7695 names are lowercase by convention).
  return source.text.toLowerCase() === target.text.toLowerCase() ? 'EQUAL' : 'DISJOINT';
}

export type NameComparison = Readonly<Record<CpeAttribute, CpeRelation>>;

export function compareNames(source: CpeName, target: CpeName, skip: readonly CpeAttribute[] = []): NameComparison {
  const entries = cpeAttributes.map((a) => [a, skip.includes(a) ? 'EQUAL' : compareAttribute(source[a], target[a])] as const);
  return Object.fromEntries(entries) as Record<CpeAttribute, CpeRelation>;
}

const relations = (comparison: NameComparison): CpeRelation[] => cpeAttributes.map((a) => comparison[a]);

/** CPE_DISJOINT: some attribute cannot be shared. */
export function isDisjoint(comparison: NameComparison): boolean {
  return relations(comparison).includes('DISJOINT');
}

/** CPE_EQUAL: every attribute is EQUAL. */
export function isEqual(comparison: NameComparison): boolean {
  return relations(comparison).every((r) => r === 'EQUAL');
}

/** CPE_SUPERSET: source covers target (each attribute SUPERSET or EQUAL). */
export function isSuperset(comparison: NameComparison): boolean {
  return relations(comparison).every((r) => r === 'SUPERSET' || r === 'EQUAL');
}

/** CPE_SUBSET: target covers source (each attribute SUBSET or EQUAL). */
export function isSubset(comparison: NameComparison): boolean {
  return relations(comparison).every((r) => r === 'SUBSET' || r === 'EQUAL');
}

export type MatchOptions = {
  /**
   * Also accept attributes where the target is ANY but the source is specific (SUBSET). A device
   * whose inventory does not know, say, its target_hw would otherwise never match a criteria that
   * names one; accepting it trades false negatives for possible false positives.
   */
  allowSubset?: boolean;
  /** Attributes to leave out, e.g. `version` when a version range is checked separately. */
  skip?: readonly CpeAttribute[];
};

/**
 * "Source matches target" in the NVD sense: the source (a criteria from a CVE) names a set of
 * platforms that contains the target (a concrete platform). UNDEFINED never matches.
 */
export function cpeMatches(source: CpeName, target: CpeName, options: MatchOptions = {}): boolean {
  const comparison = compareNames(source, target, options.skip);
  return relations(comparison).every(
    (r) => r === 'SUPERSET' || r === 'EQUAL' || (options.allowSubset === true && r === 'SUBSET'),
  );
}
