export type { Cve5Affected, Cve5Container, Cve5Metric, Cve5Record, Cve5Ssvc, Cve5Status, Cve5Version } from './cve5-model.js';
export { isCve5Record, readCve5Json, readCve5Record } from './read-cve5.js';
export { entryNames, judgeVersion, nameDenotes, nameKey } from './judge-affected.js';
export type { AffectedVerdict } from './judge-affected.js';
export { decideSources } from './precedence.js';
export type { MatchSource, SourceDecision, SourceFindings } from './precedence.js';
