/**
 * The catalogue for one version of the standard: its requirements, the CE+ test cases and the
 * rules that evaluate them. Rules are selected through the catalogue, so a version without a
 * requirement never runs its rule.
 */
import type { CeVersion } from '../controls.js';
import type { Rule } from '../rule.js';
import { rules } from '../rules/index.js';
import type { Requirement } from './requirement.js';
import { requirements } from './requirements.js';
import { testCases } from './test-cases.js';

export type { Requirement } from './requirement.js';
export { requirements } from './requirements.js';
export { testCases } from './test-cases.js';

export type Catalogue = { version: CeVersion; requirements: Requirement[]; testCases: Requirement[]; rules: Rule[] };

export function catalogueFor(version: CeVersion): Catalogue {
  const inVersion = (r: Requirement) => r.versions.includes(version);
  const selected = [...requirements, ...testCases].filter(inVersion);
  const wanted = new Set(selected.flatMap((r) => r.ruleIds));
  return {
    version,
    requirements: requirements.filter(inVersion),
    testCases: testCases.filter(inVersion),
    rules: rules.filter((rule) => wanted.has(rule.id)),
  };
}
