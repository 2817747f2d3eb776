/** The one sorted list of rules. A test checks ids are unique and every catalogue reference resolves. */
import type { Rule } from '../rule.js';
import { accountSeparationRule } from './account-separation.js';
import { autorunRule } from './autorun.js';
import { boundaryRule } from './boundary.js';
import { defaultAccountsRule } from './default-accounts.js';
import { hostFirewallRule } from './host-firewall.js';
import { lockoutRule } from './lockout.js';
import { malwareProtectionRule } from './malware-protection.js';
import { malwareSubtestsRule } from './malware-subtests.js';
import { mfaAssessorRule } from './mfa-assessor.js';
import { mfaRule } from './mfa.js';
import { patchingRule } from './patching.js';
import { smb1Rule } from './smb1.js';
import { unsupportedSoftwareRule } from './unsupported-software.js';

export const rules: readonly Rule[] = [
  hostFirewallRule,
  malwareProtectionRule,
  mfaRule,
  patchingRule,
  autorunRule,
  defaultAccountsRule,
  lockoutRule,
  smb1Rule,
  boundaryRule,
  malwareSubtestsRule,
  mfaAssessorRule,
  accountSeparationRule,
  unsupportedSoftwareRule,
];
