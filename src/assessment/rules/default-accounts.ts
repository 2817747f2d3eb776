/**
 * CE-SC-DEFAULT-ACCOUNTS: vendor default accounts (Guest, "admin", "pi"…) are disabled or removed
 * (DOMAIN.md §1.4 E2-001, E2-002; E1-003 for network equipment, so routers and firewalls count).
 * One reason per account so the plan can say "disable Guest on N devices".
 */
import { createDeviceSettingRule } from './device-setting-rule.js';

export const defaultAccountsRule = createDeviceSettingRule({
  id: 'CE-SC-DEFAULT-ACCOUNTS',
  title: 'Default accounts disabled',
  requirementIds: ['CE-SC-01', 'CE-SC-02', 'CE-FW-02'],
  control: 'secure-configuration',
  area: 'access-controls',
  appliesTo: () => true,
  judge: (d) => {
    const accounts = d.configuration.enabledDefaultAccounts;
    if (accounts === undefined) return [{ code: 'default-accounts.unknown', outcome: 'not-evidenced', message: 'enabled default accounts were not observed.' }];
    if (accounts.length === 0) return [{ code: 'default-accounts.none', outcome: 'pass', message: 'no default account is enabled.' }];
    return accounts.map((account) => ({
      code: 'default-accounts.enabled',
      outcome: 'fail' as const,
      message: `default account "${account}" is enabled.`,
      accountId: account,
      remedy: { kind: 'change-setting' as const, setting: `default account ${account}`, to: 'disabled' },
    }));
  },
});
