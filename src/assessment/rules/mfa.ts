/**
 * CE-MFA: every account, normal or administrator, on every cloud service signs in with MFA
 * (DOMAIN.md §1.4 E4-009, -010, -014, -015; v3.3 auto-fail A7.16/A7.17 in §1.1). Judged per account
 * from the identity provider's report. Cloud services cannot be left out of scope in v3.3 (§1.3),
 * so an organisation without any cloud inventory is not evidenced rather than passed.
 */
import type { CloudService } from '../assessment-input.js';
import type { CheckResult, Reason, Subject } from '../outcome.js';
import type { Rule } from '../rule.js';
import { check, organisationCheck, ruleResult } from './rule-helpers.js';

function serviceChecks(rule: Rule, service: CloudService): CheckResult[] {
  if (service.accounts.length === 0) {
    const subject: Subject = { kind: 'cloud-service', id: service.id, name: service.name };
    return [check(rule, subject, [{ code: 'mfa.no-accounts', outcome: 'not-evidenced', serviceId: service.id, message: `${service.name}: no accounts were reported, so MFA cannot be checked.` }])];
  }
  return service.accounts.map((account) => {
    const subject: Subject = { kind: 'account', id: `${service.id}/${account.id}`, name: `${account.username} on ${service.name}` };
    const base = { serviceId: service.id, accountId: account.id, facts: { role: account.role } };
    const who = `${service.name}: ${account.role === 'admin' ? 'administrator' : 'user'} account ${account.username}`;
    const how = account.mfaEvidence === undefined ? '' : ` (${account.mfaEvidence})`;
    let reason: Reason;
    if (account.mfaEnabled === undefined) reason = { ...base, code: 'mfa.unknown', outcome: 'not-evidenced', message: `${who} has no MFA state reported${how}.` };
    else if (account.mfaEnabled) reason = { ...base, code: 'mfa.enabled', outcome: 'pass', message: `${who} signs in with MFA${how}.` };
    else reason = { ...base, code: 'mfa.missing', outcome: 'fail', message: `${who} signs in without MFA${how}.`, remedy: { kind: 'enable-mfa', serviceId: service.id, serviceName: service.name } };
    return check(rule, subject, [reason]);
  });
}

export const mfaRule: Rule = {
  id: 'CE-MFA',
  title: 'MFA on every cloud-service account',
  requirementIds: ['CE-UAC-02', 'CE-UAC-03', 'CE-SCOPE-01', 'CEP-TC4'],
  control: 'user-access-control',
  area: 'access-controls',
  evidenceNeeded: ['cloud-accounts'],
  evaluate(input) {
    if (input.cloudServices === undefined) {
      return ruleResult([organisationCheck(mfaRule, input, { code: 'mfa.no-inventory', outcome: 'not-evidenced', message: `${input.organisationName}: no cloud services or accounts have been imported.` })]);
    }
    return ruleResult(input.cloudServices.flatMap((s) => serviceChecks(mfaRule, s)));
  },
};
