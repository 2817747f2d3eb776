/**
 * CE-TC5-SEPARATION: administration needs a separate account; the account someone works in day to
 * day cannot run administrative tasks (DOMAIN.md §1.4 E4-011, E4-012; §2.2 TC5 T5-001…007).
 * Two kinds of evidence, both used when present:
 * - observed configuration: the device's primary user is a member of its local administrators → fail;
 * - the assessor's TC5 record on sampled devices (another sign-in requested, user credentials refused).
 * A device with neither is not evidenced.
 */
import type { AssessmentInput, Device } from '../assessment-input.js';
import type { Reason } from '../outcome.js';
import type { Rule } from '../rule.js';
import { manualReason } from './manual-results.js';
import { appliesToInteractive, check, deviceSubject, perDevice } from './rule-helpers.js';

/** `DOMAIN\jo` and `jo@trust.nhs.uk` name the same person as `jo`. */
const accountName = (name: string): string => (name.split('\\').at(-1) ?? name).split('@')[0]?.toLowerCase() ?? name.toLowerCase();

function configurationReason(device: Device): Reason | undefined {
  const { primaryUser, localAdmins } = device.configuration;
  if (primaryUser === undefined || localAdmins === undefined) return undefined;
  const isAdmin = localAdmins.some((a) => accountName(a) === accountName(primaryUser));
  if (!isAdmin) return { deviceId: device.id, deviceName: device.name, code: 'separation.user-not-admin', outcome: 'pass', accountId: primaryUser, message: `${device.name}: day-to-day account ${primaryUser} is not a local administrator.` };
  return {
    deviceId: device.id, deviceName: device.name,
    code: 'separation.user-is-admin',
    outcome: 'fail',
    accountId: primaryUser,
    message: `${device.name}: day-to-day account ${primaryUser} is a local administrator.`,
    remedy: { kind: 'change-setting', setting: 'local administrator rights of day-to-day accounts', to: 'removed' },
  };
}

function reasons(input: AssessmentInput, device: Device, sampled: ReadonlySet<string>): Reason[] {
  const observed = configurationReason(device);
  const found = observed === undefined ? [] : [observed];
  if (sampled.has(device.id)) return [...found, manualReason(input, device, 'tc5-separation')];
  if (found.length > 0) return found;
  return [{ deviceId: device.id, deviceName: device.name, code: 'separation.unknown', outcome: 'not-evidenced', message: `${device.name}: neither local administrators nor a TC5 test are on record.` }];
}

export const accountSeparationRule: Rule = {
  id: 'CE-TC5-SEPARATION',
  title: 'Separate accounts for administration',
  requirementIds: ['CE-UAC-04', 'CEP-TC5'],
  control: 'user-access-control',
  area: 'access-controls',
  evidenceNeeded: ['device-configuration', 'ce-plus-sample', 'assessor-record'],
  evaluate(input) {
    const sampled = new Set(input.sample?.deviceIds ?? []);
    return perDevice(accountSeparationRule, input, (device) =>
      appliesToInteractive(device) ? check(accountSeparationRule, deviceSubject(device), reasons(input, device, sampled)) : undefined,
    );
  },
};
