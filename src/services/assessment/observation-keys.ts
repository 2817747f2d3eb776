/**
 * Observation keys (as the parsers store them) → the DeviceConfiguration fields the rules read.
 * Keys no parser emits yet are listed too, so a future format (or an MDM export) feeds the rules by
 * emitting the key; the README lists which formats give which key today.
 */
import type { DeviceConfiguration } from '../../assessment/assessment-input.js';

export type ObservedValue = string | number | boolean | null;

const asBoolean = (v: ObservedValue): boolean | undefined => (typeof v === 'boolean' ? v : v === 1 || v === 'true' ? true : v === 0 || v === 'false' ? false : undefined);
const asNumber = (v: ObservedValue): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined);
const asList = (v: ObservedValue): string[] | undefined =>
  typeof v === 'string' ? v.split(/[,;]/).map((s) => s.trim()).filter((s) => s !== '') : v === null ? [] : undefined;
const asNullableNumber = (v: ObservedValue): number | null | undefined => (v === null ? null : asNumber(v));

type Mapper = (configuration: DeviceConfiguration, value: ObservedValue) => void;

function set<K extends keyof DeviceConfiguration>(field: K, read: (v: ObservedValue) => DeviceConfiguration[K] | undefined): Mapper {
  return (configuration, value) => {
    const parsed = read(value);
    if (parsed !== undefined) configuration[field] = parsed;
  };
}

/** One line per key: where it comes from today is in src/services/assessment/README.md. */
export const configurationKeys: Record<string, Mapper> = {
  'smb1.enabled': set('smb1Enabled', asBoolean),
  'autorun.enabled': set('autorunEnabled', asBoolean),
  'firewall.enabled': set('firewallEnabled', asBoolean),
  'av.present': set('avPresent', asBoolean),
  'av.enabled': set('avEnabled', asBoolean),
  'av.signature_age_days': set('avSignatureAgeDays', asNumber),
  // Security Center's "signatures up to date" says nothing of age; true is read as current (0 days).
  // false is left unknown: the rule would otherwise have to print an invented age.
  'av.signatures_up_to_date': (c, v) => {
    if (asBoolean(v) === true && c.avSignatureAgeDays === undefined) c.avSignatureAgeDays = 0;
  },
  // An inventory naming an anti-malware product shows one is present (not that it is enabled).
  'av.product': (c, v) => {
    if (typeof v === 'string' && v.trim() !== '' && c.avPresent === undefined) c.avPresent = true;
  },
  'allowlisting.enforced': set('allowListingEnforced', asBoolean),
  'local_admins.members': set('localAdmins', asList),
  primary_user: set('primaryUser', (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)),
  'default_accounts.enabled': set('enabledDefaultAccounts', asList),
  'lockout.threshold': set('lockoutThreshold', asNullableNumber),
  'lockout.throttle': set('throttleAttemptsPerFiveMinutes', asNullableNumber),
};

/** ESU enrolment is a device fact rather than configuration: `esu.enrolled` (boolean). */
export const esuEnrolledKey = 'esu.enrolled';

export function readBoolean(value: ObservedValue): boolean | undefined {
  return asBoolean(value);
}

/**
 * Applies observations in the order given (oldest first), so the newest value of a key wins; keys
 * derived from another (av.product → present) only fill a gap, whatever the order.
 */
export function configurationFrom(observations: readonly { key: string; value: ObservedValue }[]): DeviceConfiguration {
  const direct: DeviceConfiguration = {};
  for (const { key, value } of observations) {
    if (key === 'av.signatures_up_to_date' || key === 'av.product') continue;
    configurationKeys[key]?.(direct, value);
  }
  for (const { key, value } of observations) {
    if (key === 'av.signatures_up_to_date' || key === 'av.product') configurationKeys[key]?.(direct, value);
  }
  return direct;
}
