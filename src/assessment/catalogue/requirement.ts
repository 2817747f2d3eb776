/** The shape of one catalogue entry: a requirement of the standard or a CE+ test case. */
import type { Area, CeVersion, Control } from '../controls.js';
import type { EvidenceKind } from '../rule.js';

export type Requirement = {
  id: string;
  kind: 'requirement' | 'test-case';
  versions: readonly CeVersion[];
  control: Control;
  area: Area;
  /** Our own words; never the standard's text. */
  summary: string;
  evidence: readonly EvidenceKind[];
  /** Rules that evaluate it; empty when only an assessor's document review can (shown as such). */
  ruleIds: readonly string[];
  /** Versions in which a "no" fails the whole assessment (Danzell auto-fail, DOMAIN.md §1.1). */
  autoFailIn?: readonly CeVersion[];
  /** DOMAIN.md section and provision ids this entry rests on. */
  source: string;
};
