/** Public surface of the assessment core: the input model, the catalogue, assessing and scoring. */
export type * from './assessment-input.js';
export type { Area, CeVersion, Control } from './controls.js';
export { areas, ceVersions, controls } from './controls.js';
export type { CheckResult, Outcome, Reason, Remedy, RuleResult, Subject } from './outcome.js';
export type { EvidenceKind, Rule } from './rule.js';
export { catalogueFor, requirements, testCases, type Catalogue, type Requirement } from './catalogue/index.js';
export { rules } from './rules/index.js';
export { assess, defaultPolicyFor, type Assessment, type RuleOutcome } from './assess.js';
export { cePlusDiscretionaryPolicy, judgeAcceptable, score, tally, type AcceptablePolicy, type AcceptableVerdict, type Score, type Tally } from './score.js';
export { drawSample, sampleSizeForBuild, samplingMethod, type SampleCalculation, type SamplingOptions } from './sampling.js';
export { remediationPlan, type RemediationAction, type RemediationPlan } from './remediation-plan.js';
