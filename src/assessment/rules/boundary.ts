/**
 * CE-TC1-BOUNDARY: every service reachable from the internet is judged by the TC1 decision flow
 * (DOMAIN.md §2.2 TC1, T1-008…016), after a first check that it is not an administrative service
 * (§1.4 E1-004…006, admin-services.ts). The flow, in order, stopping at the first decision:
 *   1. a vulnerability with CVSS v3 ≥ 7.0 → fail
 *   2. only public, read-only information → pass
 *   3. no user authentication → fail
 *   4. two or more factors → pass
 *   5. default passwords unchanged → fail
 *   6. login throttling → pass
 *   7. lock-out after at most 10 failed attempts → pass, else fail.
 * A step whose fact is unknown stops the flow as not evidenced (step 6 unknown still lets step 7
 * pass, since either protection is enough). Without any boundary scan TC1 is not evidenced.
 */
import type { ExposedService } from '../assessment-input.js';
import type { Reason, Remedy, Subject } from '../outcome.js';
import type { Rule } from '../rule.js';
import { findAdminService } from './admin-services.js';
import { cvssThreshold } from './qualifying-vulnerability.js';
import { check, organisationCheck, ruleResult } from './rule-helpers.js';

export const maxLockoutAttempts = 10;

const endpoint = (s: ExposedService) => `${s.host}:${s.port}/${s.protocol}${s.service ? ` (${s.service})` : ''}`;

function reason(s: ExposedService, code: string, outcome: Reason['outcome'], text: string, extra: Partial<Reason> = {}): Reason {
  return { code, outcome, message: `${endpoint(s)}: ${text}`, host: s.host, port: s.port, serviceId: s.id, ...extra };
}

const fix = (s: ExposedService, problem: string): Remedy => ({ kind: 'fix-service', host: s.host, port: s.port, protocol: s.protocol, problem });

/** Steps 1–7 of the TC1 flow for one service. */
export function decisionFlow(s: ExposedService): Reason {
  const unscored = s.vulnerabilities.filter((v) => v.cvssV3 === undefined);
  const severe = s.vulnerabilities.filter((v) => v.cvssV3 !== undefined && v.cvssV3 >= cvssThreshold);
  if (severe.length > 0) {
    const worst = severe.reduce((a, b) => ((b.cvssV3 ?? 0) > (a.cvssV3 ?? 0) ? b : a));
    const list = severe.map((v) => `${v.id} (CVSS ${(v.cvssV3 ?? 0).toFixed(1)}${v.kev ? ', KEV' : ''})`).join(', ');
    return reason(s, 'boundary.step1-vulnerable', 'fail', `step 1: vulnerable to ${list}.`, {
      cve: worst.id,
      facts: { step: 1, cvssV3: worst.cvssV3 ?? null, kev: severe.some((v) => v.kev) },
      remedy: fix(s, `fix ${severe.map((v) => v.id).join(', ')}`),
    });
  }
  if (unscored.length > 0) return reason(s, 'boundary.step1-unscored', 'not-evidenced', `step 1: ${unscored.map((v) => v.id).join(', ')} have no CVSS v3 score.`, { facts: { step: 1 } });
  if (s.publicReadOnly === undefined) return reason(s, 'boundary.step2-unknown', 'not-evidenced', 'step 2: not known whether it only serves public, read-only information.', { facts: { step: 2 } });
  if (s.publicReadOnly) return reason(s, 'boundary.public-read-only', 'pass', 'step 2: only public, read-only information.', { facts: { step: 2 } });
  if (s.authentication === undefined) return reason(s, 'boundary.step3-unknown', 'not-evidenced', 'step 3: not known whether users must authenticate.', { facts: { step: 3 } });
  if (s.authentication === 'none') {
    return reason(s, 'boundary.no-authentication', 'fail', 'step 3: non-public service without user authentication.', { facts: { step: 3 }, remedy: fix(s, 'require authentication or close') });
  }
  if (s.authentication === 'multi-factor') return reason(s, 'boundary.multi-factor', 'pass', 'step 4: sign-in needs two or more factors.', { facts: { step: 4 } });
  if (s.defaultPasswordsUnchanged === undefined) return reason(s, 'boundary.step5-unknown', 'not-evidenced', 'step 5: not known whether default passwords were changed.', { facts: { step: 5 } });
  if (s.defaultPasswordsUnchanged) {
    return reason(s, 'boundary.default-password', 'fail', 'step 5: default passwords are unchanged.', { facts: { step: 5 }, remedy: fix(s, 'change default passwords') });
  }
  if (s.throttling === true) return reason(s, 'boundary.throttled', 'pass', 'step 6: sign-in attempts are throttled.', { facts: { step: 6 } });
  if (s.lockoutThreshold === undefined) {
    return reason(s, 'boundary.step7-unknown', 'not-evidenced', 'steps 6–7: neither throttling nor lock-out is evidenced.', { facts: { step: s.throttling === undefined ? 6 : 7 } });
  }
  if (s.lockoutThreshold !== null && s.lockoutThreshold <= maxLockoutAttempts) {
    return reason(s, 'boundary.lockout', 'pass', `step 7: accounts lock after ${s.lockoutThreshold} failed attempts.`, { facts: { step: 7, lockoutThreshold: s.lockoutThreshold } });
  }
  if (s.throttling === undefined) return reason(s, 'boundary.step6-unknown', 'not-evidenced', 'step 6: throttling unknown and lock-out does not protect.', { facts: { step: 6 } });
  const lockout = s.lockoutThreshold === null ? 'no lock-out' : `lock-out only after ${s.lockoutThreshold} attempts`;
  return reason(s, 'boundary.brute-force', 'fail', `step 7: no throttling and ${lockout} (limit ${maxLockoutAttempts}).`, {
    facts: { step: 7, lockoutThreshold: s.lockoutThreshold },
    remedy: fix(s, `lock out after at most ${maxLockoutAttempts} failed attempts or throttle sign-in`),
  });
}

function adminExposure(s: ExposedService): Reason | undefined {
  const admin = findAdminService(s.port, s.protocol, s.service);
  if (admin === undefined) return undefined;
  return reason(s, 'boundary.admin-exposed', 'fail', `${admin.label} is open to the internet.`, {
    facts: { adminService: admin.label },
    remedy: { kind: 'close-port', host: s.host, port: s.port, protocol: s.protocol },
  });
}

export const boundaryRule: Rule = {
  id: 'CE-TC1-BOUNDARY',
  title: 'Internet-facing services pass the TC1 decision flow; no admin services exposed',
  requirementIds: ['CE-FW-02', 'CE-FW-03', 'CE-FW-04', 'CEP-TC1'],
  control: 'firewalls',
  area: 'network-security',
  evidenceNeeded: ['boundary-scan'],
  evaluate(input) {
    if (input.boundaryScans.length === 0) {
      return ruleResult([
        organisationCheck(boundaryRule, input, { code: 'boundary.no-scan', outcome: 'not-evidenced', message: `${input.organisationName}: no external vulnerability scan of the boundary has been imported.` }),
      ]);
    }
    if (input.exposedServices.length === 0) {
      const targets = input.boundaryScans.flatMap((s) => s.targets).join(', ');
      return ruleResult([organisationCheck(boundaryRule, input, { code: 'boundary.nothing-exposed', outcome: 'pass', message: `No service answered from the internet on ${targets}.` })]);
    }
    return ruleResult(
      input.exposedServices.map((s) => {
        const subject: Subject = { kind: 'exposed-service', id: s.id, name: endpoint(s) };
        const admin = adminExposure(s);
        return check(boundaryRule, subject, admin === undefined ? [decisionFlow(s)] : [admin, decisionFlow(s)]);
      }),
    );
  },
};
