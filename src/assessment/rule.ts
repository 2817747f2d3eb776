/**
 * A rule of the standard is data plus a pure function (STYLE.md): the catalogue points at rules
 * by id, and `evaluate` depends only on its arguments, so results can be re-computed from a stored
 * snapshot and compared.
 */
import type { AssessmentInput } from './assessment-input.js';
import type { Area, Control } from './controls.js';
import type { RuleResult } from './outcome.js';

export type EvidenceKind =
  | 'device-inventory'
  | 'software-inventory'
  | 'vulnerability-scan'
  | 'vulnerability-intel'
  | 'lifecycle-intel'
  | 'boundary-scan'
  | 'device-configuration'
  | 'cloud-accounts'
  | 'assessor-record'
  | 'ce-plus-sample';

export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly requirementIds: readonly string[];
  readonly control: Control;
  readonly area: Area;
  readonly evidenceNeeded: readonly EvidenceKind[];
  /** `asOf` is the assessment date, `YYYY-MM-DD`. Must not read the clock or any I/O. */
  evaluate(input: AssessmentInput, asOf: string): RuleResult;
}
