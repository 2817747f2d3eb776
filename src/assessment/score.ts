/**
 * Scores an organisation from its checks (one rule applied to one subject each).
 *
 * - Percentage = passed / applicable, where applicable = pass + fail + not-evidenced. Missing
 *   evidence therefore lowers the score exactly as a failure does; only `not-applicable` is left out.
 * - The verdict is `pass` only at 100 % with at least one applicable check, as CE+ passes only when
 *   every test passes (DOMAIN.md §2.1 M-017…024).
 * - The "acceptable" verdict applies a separate, configurable policy (by default the CE+
 *   discretionary pass: marginal deviations in fewer than 5 % of tests, §2.1 C-007…011). It is
 *   reported beside the verdict and never changes the percentage or the verdict.
 */
import { areas, controls, type Area, type Control } from './controls.js';
import type { CheckResult } from './outcome.js';

export type Tally = {
  applicable: number;
  passed: number;
  failed: number;
  notEvidenced: number;
  notApplicable: number;
  /** 0–100; `null` when nothing applicable was checked. */
  percent: number | null;
};

export type AcceptablePolicy = {
  id: string;
  label: string;
  /** Deviations must be strictly fewer than this share of applicable checks (0.05 = 5 %). */
  maxDeviationShare: number;
  /** Whether a not-evidenced check counts as a deviation (it does by default: we cannot call it marginal). */
  notEvidencedIsDeviation: boolean;
  /** Failures of these rules are never marginal (e.g. the v3.3 auto-fail questions). */
  neverMarginalRuleIds: readonly string[];
};

/**
 * The CE+ discretionary pass as Ward can judge it. The standard also requires "no evidence of a
 * wider process failure", which needs an assessor, so this is called "acceptable", never "pass".
 */
export const cePlusDiscretionaryPolicy: AcceptablePolicy = {
  id: 'ce-plus-discretionary-5pc',
  label: 'CE+ discretionary: marginal deviations in fewer than 5 % of tests',
  maxDeviationShare: 0.05,
  notEvidencedIsDeviation: true,
  neverMarginalRuleIds: [],
};

export type AcceptableVerdict = {
  policyId: string;
  acceptable: boolean;
  deviations: number;
  share: number | null;
  because: string;
};

export type Score = {
  overall: Tally;
  verdict: 'pass' | 'fail';
  byControl: Record<Control, Tally>;
  byArea: Record<Area, Tally>;
  acceptable: AcceptableVerdict;
};

export function tally(checks: readonly CheckResult[]): Tally {
  const count = (outcome: CheckResult['outcome']) => checks.filter((c) => c.outcome === outcome).length;
  const passed = count('pass');
  const failed = count('fail');
  const notEvidenced = count('not-evidenced');
  const applicable = passed + failed + notEvidenced;
  return { applicable, passed, failed, notEvidenced, notApplicable: count('not-applicable'), percent: applicable === 0 ? null : (passed / applicable) * 100 };
}

function groupTally<K extends string>(keys: readonly K[], checks: readonly CheckResult[], keyOf: (c: CheckResult) => K): Record<K, Tally> {
  return Object.fromEntries(keys.map((key) => [key, tally(checks.filter((c) => keyOf(c) === key))])) as Record<K, Tally>;
}

export function judgeAcceptable(checks: readonly CheckResult[], policy: AcceptablePolicy): AcceptableVerdict {
  const overall = tally(checks);
  const deviations = overall.failed + (policy.notEvidencedIsDeviation ? overall.notEvidenced : 0);
  const share = overall.applicable === 0 ? null : deviations / overall.applicable;
  const blocking = checks.filter((c) => c.outcome === 'fail' && policy.neverMarginalRuleIds.includes(c.ruleId));
  const verdict = (acceptable: boolean, because: string): AcceptableVerdict => ({ policyId: policy.id, acceptable, deviations, share, because });
  if (share === null) return verdict(false, 'nothing applicable was checked');
  if (blocking.length > 0) {
    const rules = [...new Set(blocking.map((c) => c.ruleId))].join(', ');
    return verdict(false, `failures of ${rules} are never marginal under ${policy.label}`);
  }
  const pc = (share * 100).toFixed(1);
  const limit = (policy.maxDeviationShare * 100).toFixed(1);
  return share < policy.maxDeviationShare
    ? verdict(true, `${deviations} of ${overall.applicable} checks deviate (${pc} %), under the ${limit} % limit`)
    : verdict(false, `${deviations} of ${overall.applicable} checks deviate (${pc} %), not under the ${limit} % limit`);
}

export function score(checks: readonly CheckResult[], policy: AcceptablePolicy = cePlusDiscretionaryPolicy): Score {
  const overall = tally(checks);
  return {
    overall,
    verdict: overall.applicable > 0 && overall.passed === overall.applicable ? 'pass' : 'fail',
    byControl: groupTally(controls, checks, (c) => c.control),
    byArea: groupTally(areas, checks, (c) => c.area),
    acceptable: judgeAcceptable(checks, policy),
  };
}
