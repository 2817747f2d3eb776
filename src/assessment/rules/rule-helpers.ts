/** Small builders shared by the rules so every rule reports subjects and areas the same way. */
import type { AssessmentInput, Device } from '../assessment-input.js';
import type { Area } from '../controls.js';
import { combineOutcomes, type CheckResult, type Reason, type RuleResult, type Subject } from '../outcome.js';
import type { Rule } from '../rule.js';

export const deviceSubject = (device: Device): Subject => ({ kind: 'device', id: device.id, name: device.name });

/** Device rules count servers under `servers` and everything else under `end-user-devices`. */
export const deviceArea = (device: Device): Area => (device.kind === 'server' ? 'servers' : 'end-user-devices');

/** Identity fields a reason about a device always carries. */
export const onDevice = (device: Device): Pick<Reason, 'deviceId' | 'deviceName'> => ({ deviceId: device.id, deviceName: device.name });

type RuleIdentity = Pick<Rule, 'id' | 'control' | 'area'>;

export function check(rule: RuleIdentity, subject: Subject, reasons: Reason[], area: Area = rule.area): CheckResult {
  return { ruleId: rule.id, control: rule.control, area, subject, outcome: combineOutcomes(reasons.map((r) => r.outcome)), reasons };
}

export function ruleResult(checks: CheckResult[]): RuleResult {
  return { outcome: combineOutcomes(checks.map((c) => c.outcome)), reasons: checks.flatMap((c) => c.reasons), checks };
}

/** The single check a rule returns when the organisation as a whole lacks the evidence it needs. */
export function organisationCheck(rule: RuleIdentity, organisation: { organisationId: string; organisationName: string }, reason: Reason): CheckResult {
  return check(rule, { kind: 'organisation', id: organisation.organisationId, name: organisation.organisationName }, [reason]);
}

/**
 * Runs a per-device judgement over the in-scope devices. An empty inventory is a gap, not a pass:
 * a CE scope must contain end-user devices (DOMAIN.md §1.3 D-010).
 */
export function perDevice(rule: RuleIdentity, input: AssessmentInput, judge: (device: Device) => CheckResult | undefined): RuleResult {
  if (input.devices.length === 0) {
    return ruleResult([
      organisationCheck(rule, input, { code: 'scope.no-devices', outcome: 'not-evidenced', message: `${input.organisationName}: no in-scope devices have been inventoried.` }),
    ]);
  }
  return ruleResult(input.devices.map(judge).filter((c): c is CheckResult => c !== undefined));
}

/** Devices someone signs in to at a desktop: where TC3 and TC5 apply (servers unless known headless). */
export const appliesToInteractive = (device: Device): boolean =>
  device.kind === 'end-user-device' || device.kind === 'mobile' || device.kind === 'unknown' || (device.kind === 'server' && device.interactiveDesktop !== false);
