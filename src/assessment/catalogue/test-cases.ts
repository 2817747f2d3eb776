/**
 * The CE+ test cases (Test Specification v3.2, April 2025; DOMAIN.md §2.2). The CE+ specification
 * has one version for both requirement sets, so each case applies to v3.2 and v3.3.
 */
import type { Requirement } from './requirement.js';

const both = ['3.2', '3.3'] as const;

export const testCases: readonly Requirement[] = [
  // DOMAIN.md §2.2 TC1 T1-001…016, A-001…004
  { id: 'CEP-TC1', kind: 'test-case', versions: both, control: 'firewalls', area: 'network-security', summary: 'External scan of every internet-facing address; each service found must come through the seven-step decision flow.', evidence: ['boundary-scan'], ruleIds: ['CE-TC1-BOUNDARY'], source: '§2.2 TC1 T1-001…016' },
  // DOMAIN.md §2.2 TC2 T2-001…009
  { id: 'CEP-TC2', kind: 'test-case', versions: both, control: 'security-update-management', area: 'vulnerability-management', summary: 'Authenticated scan of sampled devices; no qualifying vulnerability may have had a fix available for more than 14 days.', evidence: ['vulnerability-scan', 'ce-plus-sample'], ruleIds: ['CE-PATCH-14D', 'CE-UNSUPPORTED'], source: '§2.2 TC2 T2-001…009' },
  // DOMAIN.md §2.2 TC3 T3-001…036, Appendix B
  { id: 'CEP-TC3', kind: 'test-case', versions: both, control: 'malware-protection', area: 'end-user-devices', summary: 'On sampled devices, harmless test files sent by e-mail and fetched from the web must be stopped or need the user to agree; allow-listed devices must refuse unsigned code.', evidence: ['device-configuration', 'ce-plus-sample', 'assessor-record'], ruleIds: ['CE-MALWARE', 'CE-TC3-SUBTESTS'], source: '§2.2 TC3 T3-001…036' },
  // DOMAIN.md §2.2 TC4 T4-001…009; sample testing S-009…011
  { id: 'CEP-TC4', kind: 'test-case', versions: both, control: 'user-access-control', area: 'access-controls', summary: 'Signing in to each cloud service as a normal user and as an administrator must first ask for a second factor.', evidence: ['cloud-accounts', 'assessor-record'], ruleIds: ['CE-MFA', 'CE-TC4-ASSESSOR'], source: '§2.2 TC4 T4-001…009' },
  // DOMAIN.md §2.2 TC5 T5-001…007
  { id: 'CEP-TC5', kind: 'test-case', versions: both, control: 'user-access-control', area: 'access-controls', summary: 'On each sampled device, an everyday user trying an admin task must be asked to sign in again and must not succeed with their own credentials.', evidence: ['device-configuration', 'ce-plus-sample', 'assessor-record'], ruleIds: ['CE-TC5-SEPARATION'], source: '§2.2 TC5 T5-001…007' },
];
