export { ANY, NA, cpeAttributes, hasWildcard, literal } from './cpe-name.js';
export type { CpeAttribute, CpeName, CpeValue } from './cpe-name.js';
export { formatCpe } from './format-cpe.js';
export { compareAttribute, compareNames, cpeMatches, isDisjoint, isEqual, isSubset, isSuperset } from './match-cpe.js';
export type { CpeRelation, MatchOptions, NameComparison } from './match-cpe.js';
export { parseCpe, tryParseCpe } from './parse-cpe.js';
