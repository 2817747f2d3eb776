/**
 * Runs every rule of the organisation's catalogue version on one input and scores the checks.
 * Pure: the same input and as-of date give the same result, which is what a stored snapshot needs.
 */
import type { AssessmentInput } from './assessment-input.js';
import { catalogueFor, type Catalogue } from './catalogue/index.js';
import { toDay } from './dates.js';
import type { CheckResult, Outcome, Reason } from './outcome.js';
import { remediationPlan, type RemediationPlan } from './remediation-plan.js';
import { cePlusDiscretionaryPolicy, score, type AcceptablePolicy, type Score } from './score.js';

export type RuleOutcome = { ruleId: string; title: string; requirementIds: readonly string[]; outcome: Outcome; reasons: Reason[] };

export type Assessment = {
  organisationId: string;
  ceVersion: AssessmentInput['ceVersion'];
  asOf: string;
  rules: RuleOutcome[];
  checks: CheckResult[];
  score: Score;
  plan: RemediationPlan;
};

/**
 * The default "acceptable" policy for a catalogue: the CE+ discretionary 5 %, except that under
 * v3.3 a failure of a rule behind an auto-fail question (DOMAIN.md §1.1) can never be marginal.
 */
export function defaultPolicyFor(catalogue: Catalogue): AcceptablePolicy {
  const autoFail = catalogue.requirements.filter((r) => r.autoFailIn?.includes(catalogue.version));
  const neverMarginalRuleIds = [...new Set(autoFail.flatMap((r) => r.ruleIds))].sort();
  return neverMarginalRuleIds.length === 0 ? cePlusDiscretionaryPolicy : { ...cePlusDiscretionaryPolicy, id: `${cePlusDiscretionaryPolicy.id}/v${catalogue.version}-auto-fail`, neverMarginalRuleIds };
}

export function assess(input: AssessmentInput, asOf: string, policy?: AcceptablePolicy): Assessment {
  const day = toDay(asOf);
  const catalogue = catalogueFor(input.ceVersion);
  const results = catalogue.rules.map((rule) => ({ rule, result: rule.evaluate(input, day) }));
  const checks = results.flatMap(({ result }) => result.checks);
  return {
    organisationId: input.organisationId,
    ceVersion: input.ceVersion,
    asOf: day,
    rules: results.map(({ rule, result }) => ({ ruleId: rule.id, title: rule.title, requirementIds: rule.requirementIds, outcome: result.outcome, reasons: result.reasons })),
    checks,
    score: score(checks, policy ?? defaultPolicyFor(catalogue)),
    plan: remediationPlan(checks),
  };
}
