/**
 * Runs every rule of the organisation's catalogue version on one input and scores the checks.
 * Pure: the same input and as-of date give the same result, which is what a stored snapshot needs.
 */
import type { AssessmentInput } from './assessment-input.js';
import { catalogueFor } from './catalogue/index.js';
import { toDay } from './dates.js';
import type { CheckResult, Outcome, Reason } from './outcome.js';
import { remediationPlan, type RemediationPlan } from './remediation-plan.js';
import { score, type AcceptablePolicy, type Score } from './score.js';

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
    score: score(checks, policy),
    plan: remediationPlan(checks),
  };
}
