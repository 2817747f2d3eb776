/**
 * CE-SC-SMB1: SMB version 1 is switched off. CE asks for unnecessary software and services to be
 * removed or disabled (DOMAIN.md §1.4 E2-003); SMBv1 is the protocol WannaCry spread through
 * (§5.1), has been superseded for a decade and is the NHS's own example of one to remove.
 */
import { createDeviceSettingRule, windowsOrUnknown } from './device-setting-rule.js';
import { deviceArea } from './rule-helpers.js';

export const smb1Rule = createDeviceSettingRule({
  id: 'CE-SC-SMB1',
  title: 'SMBv1 disabled',
  requirementIds: ['CE-SC-03'],
  control: 'secure-configuration',
  area: 'end-user-devices',
  areaFor: deviceArea,
  appliesTo: (d) => windowsOrUnknown(d) || d.configuration.smb1Enabled !== undefined,
  judge: (d) => {
    const enabled = d.configuration.smb1Enabled;
    if (enabled === undefined) return [{ code: 'smb1.unknown', outcome: 'not-evidenced', message: 'whether SMBv1 is enabled was not observed.' }];
    if (enabled) return [{ code: 'smb1.enabled', outcome: 'fail', message: 'SMBv1 is enabled.', remedy: { kind: 'change-setting', setting: 'SMBv1', to: 'disabled' } }];
    return [{ code: 'smb1.disabled', outcome: 'pass', message: 'SMBv1 is disabled.' }];
  },
});
