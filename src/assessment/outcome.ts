/**
 * What a rule says and why. Every point lost must be explainable, so a reason carries both
 * machine-readable fields (for the UI, the CLI and the remediation plan) and a sentence for people.
 */
import type { Area, Control } from './controls.js';

export type Outcome = 'pass' | 'fail' | 'not-evidenced' | 'not-applicable';

/**
 * The fix a failing reason calls for. Reasons with the same remedy key are fixed by one action,
 * which is how the remediation plan groups "update X on N devices".
 */
export type Remedy =
  | { kind: 'update-software'; product: string; fixedVersion?: string; cve?: string; kev: boolean; epss?: number }
  | { kind: 'retire-software'; product: string; cycle?: string }
  | { kind: 'close-port'; host: string; port: number; protocol: string }
  | { kind: 'fix-service'; host: string; port: number; protocol: string; problem: string }
  | { kind: 'enable-mfa'; serviceId: string; serviceName: string }
  | { kind: 'change-setting'; setting: string; to: string }
  | { kind: 'retest'; test: string };

export type Reason = {
  /** Stable code, e.g. `patch.late`, `av.disabled`. */
  code: string;
  /** The outcome this reason supports. */
  outcome: Outcome;
  message: string;
  deviceId?: string;
  deviceName?: string;
  findingId?: string;
  cve?: string;
  host?: string;
  port?: number;
  serviceId?: string;
  accountId?: string;
  /** Numbers behind the judgement (days late, CVSS, signature age…). */
  facts?: Record<string, string | number | boolean | null>;
  remedy?: Remedy;
};

export type SubjectKind = 'device' | 'exposed-service' | 'cloud-service' | 'account' | 'organisation';

export type Subject = { kind: SubjectKind; id: string; name: string };

/** One scored test: one rule applied to one subject. Scores count these. */
export type CheckResult = {
  ruleId: string;
  control: Control;
  /** Usually the rule's area; device rules file servers under `servers`. */
  area: Area;
  subject: Subject;
  outcome: Outcome;
  reasons: Reason[];
};

export type RuleResult = {
  outcome: Outcome;
  reasons: Reason[];
  checks: CheckResult[];
};

/**
 * Combines outcomes the way CE+ does: any failure fails; otherwise any gap means the whole is not
 * evidenced; a whole with nothing applicable is not applicable.
 */
export function combineOutcomes(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.includes('fail')) return 'fail';
  if (outcomes.includes('not-evidenced')) return 'not-evidenced';
  if (outcomes.includes('pass')) return 'pass';
  return 'not-applicable';
}
