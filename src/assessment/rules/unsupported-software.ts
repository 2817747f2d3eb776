/**
 * CE-UNSUPPORTED: every in-scope operating system and application must still get security fixes
 * from its vendor (DOMAIN.md §1.4 E3-001…003; §1.3 "Unsupported software" and "ESU"; §7).
 *
 * A support end date is read as the last day covered (see SupportWindow), so Windows 10 22H2 is
 * supported on 2025-10-14 and, from 2025-10-15, only on devices enrolled in ESU and only until the
 * ESU end date. Note this differs from intel/lifecycle `supportStatus`, which treats the end date
 * as the first day without support; the CE wording ("beyond 14 Oct 2025") decides here.
 * Devices in the input are in scope by construction, so an isolated sub-set is not considered.
 */
import type { Device, SupportWindow } from '../assessment-input.js';
import { isAfter } from '../dates.js';
import type { Reason } from '../outcome.js';
import type { Rule } from '../rule.js';
import { check, deviceSubject, perDevice } from './rule-helpers.js';

type Judgement = { supported: true; note: string } | { supported: false; note: string };

function judgeWindow(window: SupportWindow, asOf: string, extendedEnrolled: boolean): Judgement {
  if (window.supportEndsOn === null) return { supported: true, note: 'no end of support announced' };
  if (!isAfter(asOf, window.supportEndsOn)) return { supported: true, note: `supported until ${window.supportEndsOn}` };
  const esuEnds = window.extendedSupportEndsOn;
  if (extendedEnrolled && esuEnds !== undefined && !isAfter(asOf, esuEnds)) {
    return { supported: true, note: `support ended ${window.supportEndsOn}; covered by extended security updates until ${esuEnds}` };
  }
  if (extendedEnrolled && esuEnds !== undefined) return { supported: false, note: `support ended ${window.supportEndsOn} and extended security updates ended ${esuEnds}` };
  const offer = esuEnds !== undefined && !isAfter(asOf, esuEnds) ? ` and the device is not enrolled in extended security updates (available until ${esuEnds})` : '';
  return { supported: false, note: `support ended ${window.supportEndsOn}${offer}` };
}

function osReasons(device: Device, asOf: string): Reason[] {
  const os = device.os;
  if (os === undefined) {
    return [{ deviceId: device.id, deviceName: device.name, code: 'support.os-unknown', outcome: 'not-evidenced', message: `${device.name}: the operating system is not known.` }];
  }
  const label = [os.name, os.version].filter(Boolean).join(' ');
  if (os.support === undefined) {
    return [{ deviceId: device.id, deviceName: device.name, code: 'support.os-no-lifecycle', outcome: 'not-evidenced', message: `${device.name}: no lifecycle data for ${label}, so its support cannot be confirmed.` }];
  }
  const judgement = judgeWindow(os.support, asOf, device.extendedSupportEnrolled);
  const facts = { cycle: os.support.cycle, supportEndsOn: os.support.supportEndsOn, extendedSupportEnrolled: device.extendedSupportEnrolled };
  if (judgement.supported) {
    return [{ deviceId: device.id, deviceName: device.name, code: 'support.os-supported', outcome: 'pass', message: `${device.name}: ${label} is ${judgement.note}.`, facts }];
  }
  return [
    {
      deviceId: device.id, deviceName: device.name,
      code: 'support.os-unsupported',
      outcome: 'fail',
      message: `${device.name}: ${label} is unsupported: ${judgement.note}.`,
      facts,
      remedy: { kind: 'retire-software', product: label, cycle: os.support.cycle },
    },
  ];
}

function applicationReasons(device: Device, asOf: string): Reason[] {
  return (device.software ?? []).flatMap((software): Reason[] => {
    if (software.support === undefined) return [];
    // Vendors rarely sell extended support per application; ESU enrolment is an OS fact only.
    const judgement = judgeWindow(software.support, asOf, false);
    if (judgement.supported) return [];
    const label = `${software.name} ${software.version ?? ''}`.trim();
    return [
      {
        deviceId: device.id, deviceName: device.name,
        code: 'support.app-unsupported',
        outcome: 'fail',
        message: `${device.name}: ${label} is unsupported: ${judgement.note}.`,
        facts: { softwareId: software.id, cycle: software.support.cycle, supportEndsOn: software.support.supportEndsOn },
        remedy: { kind: 'retire-software', product: label, cycle: software.support.cycle },
      },
    ];
  });
}

export const unsupportedSoftwareRule: Rule = {
  id: 'CE-UNSUPPORTED',
  title: 'Only vendor-supported operating systems and applications',
  requirementIds: ['CE-SUM-01', 'CEP-TC2'],
  control: 'security-update-management',
  area: 'vulnerability-management',
  evidenceNeeded: ['device-inventory', 'software-inventory', 'lifecycle-intel'],
  evaluate(input, asOf) {
    return perDevice(unsupportedSoftwareRule, input, (device) =>
      check(unsupportedSoftwareRule, deviceSubject(device), [...osReasons(device, asOf), ...applicationReasons(device, asOf)]),
    );
  },
};
