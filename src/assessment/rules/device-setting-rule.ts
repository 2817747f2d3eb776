/**
 * Builds the rules that read one observed setting per device (SMBv1, auto-run, default accounts,
 * lock-out, host firewall). Each rule still lives in its own file with its own data; this only
 * keeps the per-device loop and the "unknown is not evidenced" convention in one place.
 */
import type { Device } from '../assessment-input.js';
import type { Area, Control } from '../controls.js';
import type { Reason } from '../outcome.js';
import type { EvidenceKind, Rule } from '../rule.js';
import { check, deviceSubject, perDevice } from './rule-helpers.js';

/** A judgement without the device fields, which the builder adds. */
export type SettingFinding = Omit<Reason, 'deviceId' | 'deviceName'>;

export type DeviceSettingRuleSpec = {
  id: string;
  title: string;
  requirementIds: readonly string[];
  control: Control;
  area: Area;
  /** Area per device when it differs from `area` (e.g. servers). */
  areaFor?: (device: Device) => Area;
  /** `false`: the setting does not exist on this device (e.g. SMBv1 on iOS). */
  appliesTo: (device: Device) => boolean;
  /** One or more findings; an empty list would be a bug, so the builder refuses it. */
  judge: (device: Device) => SettingFinding[];
};

export function createDeviceSettingRule(spec: DeviceSettingRuleSpec): Rule {
  const evidenceNeeded: readonly EvidenceKind[] = ['device-configuration'];
  const rule: Rule = {
    id: spec.id,
    title: spec.title,
    requirementIds: spec.requirementIds,
    control: spec.control,
    area: spec.area,
    evidenceNeeded,
    evaluate(input) {
      return perDevice(rule, input, (device) => {
        if (!spec.appliesTo(device)) return undefined;
        const findings = spec.judge(device);
        if (findings.length === 0) throw new Error(`${spec.id} returned no finding for ${device.id}`);
        // judge() hands over fresh objects, so they become the reasons in place: spreading each one
        // into a new object cost more than all the rest of the rule (V8's slow path for mixed shapes).
        const reasons = findings.map((f) => {
          const reason = f as Reason;
          reason.message = `${device.name}: ${f.message}`;
          reason.deviceId = device.id;
          reason.deviceName = device.name;
          return reason;
        });
        return check(rule, deviceSubject(device), reasons, spec.areaFor?.(device) ?? spec.area);
      });
    },
  };
  return rule;
}

/** Windows-only settings apply to Windows devices, and to devices whose OS is unknown (so the gap shows). */
export const windowsOrUnknown = (device: Device): boolean => device.os === undefined || device.os.family === 'windows';
