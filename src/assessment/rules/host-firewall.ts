/**
 * CE-FW-HOST: the device's own firewall is on. CE requires a software firewall where the
 * organisation does not control the network, which for home and remote working means every
 * portable device (DOMAIN.md §1.3 home working, §1.4 E1-001, E1-002, E1-012). Ward cannot tell
 * where a device is used, so it checks every end-user device and server.
 */
import { createDeviceSettingRule } from './device-setting-rule.js';

export const hostFirewallRule = createDeviceSettingRule({
  id: 'CE-FW-HOST',
  title: 'Host firewall enabled',
  requirementIds: ['CE-FW-01'],
  control: 'firewalls',
  area: 'network-security',
  appliesTo: (d) => d.kind === 'end-user-device' || d.kind === 'server' || d.kind === 'unknown',
  judge: (d) => {
    const enabled = d.configuration.firewallEnabled;
    if (enabled === undefined) return [{ code: 'firewall.unknown', outcome: 'not-evidenced', message: 'the host firewall state was not observed.' }];
    if (!enabled) return [{ code: 'firewall.disabled', outcome: 'fail', message: 'the host firewall is off.', remedy: { kind: 'change-setting', setting: 'host firewall', to: 'enabled' } }];
    return [{ code: 'firewall.enabled', outcome: 'pass', message: 'the host firewall is on.' }];
  },
});
