/**
 * CE-SC-LOCKOUT: devices resist password guessing at sign-in: lock after at most 10 failed
 * attempts, or throttle to at most 10 guesses in 5 minutes (DOMAIN.md §1.4 E2-006…010, E4-021).
 * Either one suffices, so a weak or absent one fails only when the other is known to be absent
 * (the assembler reports `null` for platforms without throttling, such as Windows sign-in).
 * Network equipment is judged through the boundary rule instead.
 */
import { createDeviceSettingRule } from './device-setting-rule.js';

export const maxFailedAttempts = 10;

export const lockoutRule = createDeviceSettingRule({
  id: 'CE-SC-LOCKOUT',
  title: 'Lock-out or throttling against password guessing',
  requirementIds: ['CE-SC-05', 'CE-UAC-05'],
  control: 'secure-configuration',
  area: 'access-controls',
  appliesTo: (d) => d.kind !== 'network-device',
  judge: (d) => {
    const { lockoutThreshold: lockout, throttleAttemptsPerFiveMinutes: throttle } = d.configuration;
    if (lockout !== undefined && lockout !== null && lockout >= 1 && lockout <= maxFailedAttempts) {
      return [{ code: 'lockout.ok', outcome: 'pass', message: `locks after ${lockout} failed attempts.`, facts: { lockoutThreshold: lockout } }];
    }
    if (throttle !== undefined && throttle !== null && throttle <= maxFailedAttempts) {
      return [{ code: 'lockout.throttled', outcome: 'pass', message: `allows ${throttle} guesses in 5 minutes.`, facts: { throttle } }];
    }
    if (lockout === undefined || throttle === undefined) {
      // One protection is missing or unknown and the other unknown: either could still protect.
      const known = lockout === undefined ? 'lock-out was not observed' : 'throttling was not observed';
      return [{ code: 'lockout.unknown', outcome: 'not-evidenced', message: `${known}, so protection against password guessing cannot be confirmed.` }];
    }
    const described = lockout === null || lockout < 1 ? 'lock-out is off' : `lock-out only after ${lockout} attempts`;
    return [
      {
        code: 'lockout.weak',
        outcome: 'fail',
        message: `${described} and no throttling (limit ${maxFailedAttempts}).`,
        facts: { lockoutThreshold: lockout },
        remedy: { kind: 'change-setting', setting: 'account lock-out threshold', to: `${maxFailedAttempts} or fewer attempts` },
      },
    ];
  },
});
