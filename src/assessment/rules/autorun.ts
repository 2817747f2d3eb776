/**
 * CE-SC-AUTORUN: auto-run / auto-play that runs content without the user's say is off (DOMAIN.md
 * §1.4 E2-004). Observed on Windows, where AutoRun exists; other platforms are not judged.
 */
import { createDeviceSettingRule, windowsOrUnknown } from './device-setting-rule.js';
import { deviceArea } from './rule-helpers.js';

export const autorunRule = createDeviceSettingRule({
  id: 'CE-SC-AUTORUN',
  title: 'Auto-run disabled',
  requirementIds: ['CE-SC-04'],
  control: 'secure-configuration',
  area: 'end-user-devices',
  areaFor: deviceArea,
  appliesTo: (d) => windowsOrUnknown(d) || d.configuration.autorunEnabled !== undefined,
  judge: (d) => {
    const enabled = d.configuration.autorunEnabled;
    if (enabled === undefined) return [{ code: 'autorun.unknown', outcome: 'not-evidenced', message: 'the auto-run setting was not observed.' }];
    if (enabled) return [{ code: 'autorun.enabled', outcome: 'fail', message: 'auto-run is enabled.', remedy: { kind: 'change-setting', setting: 'auto-run', to: 'disabled' } }];
    return [{ code: 'autorun.disabled', outcome: 'pass', message: 'auto-run is disabled.' }];
  },
});
