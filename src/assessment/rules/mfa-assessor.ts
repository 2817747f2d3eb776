/**
 * CE-TC4-ASSESSOR: the assessor's TC4 sign-in test on every cloud service, once as a normal user
 * and once as an administrator; the service passes only if each sign-in first asked for an MFA
 * factor (DOMAIN.md §2.2 TC4 T4-001…009, §2.2 sample testing S-009…011). Services that share one
 * identity provider are tested once (T4), so a record on any of them counts for all.
 */
import type { AccountRole, AssessmentInput, CloudService } from '../assessment-input.js';
import type { Reason } from '../outcome.js';
import type { Rule } from '../rule.js';
import { latestResult } from './manual-results.js';
import { check, organisationCheck, ruleResult } from './rule-helpers.js';

function roleReason(input: AssessmentInput, service: CloudService, role: AccountRole): Reason {
  const services = input.cloudServices ?? [];
  const sharing = new Set(
    service.identityProvider === undefined ? [service.id] : services.filter((s) => s.identityProvider === service.identityProvider).map((s) => s.id),
  );
  const record = latestResult(input, 'tc4-mfa', (r) => r.cloudServiceId !== undefined && sharing.has(r.cloudServiceId) && r.accountRole === role);
  const who = role === 'admin' ? 'administrator' : 'normal user';
  const base = { serviceId: service.id, facts: { role } };
  if (record === undefined) return { ...base, code: 'tc4.not-recorded', outcome: 'not-evidenced', message: `${service.name}: no TC4 sign-in test recorded for a ${who}.` };
  const via = record.cloudServiceId === service.id ? '' : ` (tested through shared sign-in ${service.identityProvider ?? ''})`;
  const notes = record.notes ? ` Notes: ${record.notes}` : '';
  if (record.result === 'pass') return { ...base, accountId: record.accountId, code: 'tc4.pass', outcome: 'pass', message: `${service.name}: ${who} sign-in asked for MFA (${record.recordedOn})${via}.${notes}` };
  return {
    ...base,
    accountId: record.accountId,
    code: 'tc4.fail',
    outcome: 'fail',
    message: `${service.name}: ${who} signed in without an MFA prompt (${record.recordedOn})${via}.${notes}`,
    remedy: { kind: 'enable-mfa', serviceId: service.id, serviceName: service.name },
  };
}

export const mfaAssessorRule: Rule = {
  id: 'CE-TC4-ASSESSOR',
  title: 'Assessor TC4 MFA sign-in tests on every cloud service',
  requirementIds: ['CE-UAC-02', 'CE-UAC-03', 'CEP-TC4'],
  control: 'user-access-control',
  area: 'access-controls',
  evidenceNeeded: ['cloud-accounts', 'assessor-record'],
  evaluate(input) {
    if (input.cloudServices === undefined) {
      return ruleResult([organisationCheck(mfaAssessorRule, input, { code: 'tc4.no-inventory', outcome: 'not-evidenced', message: `${input.organisationName}: no cloud services have been imported.` })]);
    }
    return ruleResult(
      input.cloudServices.map((service) =>
        check(mfaAssessorRule, { kind: 'cloud-service', id: service.id, name: service.name }, [roleReason(input, service, 'user'), roleReason(input, service, 'admin')]),
      ),
    );
  },
};
