/**
 * The Cyber Essentials technical-control requirements as data (v3.2 "Willow" and v3.3 "Danzell").
 * Summaries are Ward's paraphrase. The provisions are those of v3.3 (DOMAIN.md §1.4); v3.2 carries
 * the same technical requirements, except that cloud services could still be scoped out and the
 * four Danzell questions were not automatic failures (§1.1).
 */
import type { Requirement } from './requirement.js';

const both = ['3.2', '3.3'] as const;

export const requirements: readonly Requirement[] = [
  // DOMAIN.md §1.4 Firewalls E1-001, E1-002, E1-012; §1.3 home and remote working D-016…020
  { id: 'CE-FW-01', kind: 'requirement', versions: both, control: 'firewalls', area: 'network-security', summary: 'Every device sits behind a firewall it is configured for; devices used on networks the organisation does not run carry their own.', evidence: ['device-configuration'], ruleIds: ['CE-FW-HOST'], source: '§1.4 E1-001, E1-002, E1-012' },
  // DOMAIN.md §1.4 E1-003
  { id: 'CE-FW-02', kind: 'requirement', versions: both, control: 'firewalls', area: 'network-security', summary: 'Firewall and router admin passwords are no longer the factory ones, or remote administration is off.', evidence: ['boundary-scan', 'device-configuration'], ruleIds: ['CE-TC1-BOUNDARY', 'CE-SC-DEFAULT-ACCOUNTS'], source: '§1.4 E1-003' },
  // DOMAIN.md §1.4 E1-004…006
  { id: 'CE-FW-03', kind: 'requirement', versions: both, control: 'firewalls', area: 'network-security', summary: 'Administrative interfaces are not reachable from the internet unless there is a recorded need and they are protected by MFA or an address allow-list.', evidence: ['boundary-scan'], ruleIds: ['CE-TC1-BOUNDARY'], source: '§1.4 E1-004…006' },
  // DOMAIN.md §1.4 E1-007
  { id: 'CE-FW-04', kind: 'requirement', versions: both, control: 'firewalls', area: 'network-security', summary: 'Inbound connections that do not authenticate are refused unless a rule allows them.', evidence: ['boundary-scan'], ruleIds: ['CE-TC1-BOUNDARY'], source: '§1.4 E1-007' },
  // DOMAIN.md §1.4 E1-008…011, Danzell A4.6
  { id: 'CE-FW-05', kind: 'requirement', versions: both, control: 'firewalls', area: 'network-security', summary: 'Each inbound rule has an approver, a written business reason and is removed when no longer needed.', evidence: ['assessor-record'], ruleIds: [], source: '§1.4 E1-008…011' },
  // DOMAIN.md §1.4 Secure configuration E2-001
  { id: 'CE-SC-01', kind: 'requirement', versions: both, control: 'secure-configuration', area: 'access-controls', summary: 'Accounts nobody needs are removed or switched off.', evidence: ['device-configuration'], ruleIds: ['CE-SC-DEFAULT-ACCOUNTS'], source: '§1.4 E2-001' },
  // DOMAIN.md §1.4 E2-002
  { id: 'CE-SC-02', kind: 'requirement', versions: both, control: 'secure-configuration', area: 'access-controls', summary: 'Default or easily guessed passwords are replaced.', evidence: ['device-configuration'], ruleIds: ['CE-SC-DEFAULT-ACCOUNTS'], source: '§1.4 E2-002' },
  // DOMAIN.md §1.4 E2-003; §5.1 (SMBv1 and WannaCry)
  { id: 'CE-SC-03', kind: 'requirement', versions: both, control: 'secure-configuration', area: 'end-user-devices', summary: 'Software and services that are not needed are removed or disabled; SMBv1 is the test Ward can observe.', evidence: ['device-configuration'], ruleIds: ['CE-SC-SMB1'], source: '§1.4 E2-003' },
  // DOMAIN.md §1.4 E2-004
  { id: 'CE-SC-04', kind: 'requirement', versions: both, control: 'secure-configuration', area: 'end-user-devices', summary: 'Nothing runs by itself from inserted media or downloads without the user choosing to run it.', evidence: ['device-configuration'], ruleIds: ['CE-SC-AUTORUN'], source: '§1.4 E2-004' },
  // DOMAIN.md §1.4 E2-006…012
  { id: 'CE-SC-05', kind: 'requirement', versions: both, control: 'secure-configuration', area: 'access-controls', summary: 'Unlocking a device needs a PIN, password or biometric, and repeated guessing is slowed or locked out after ten tries.', evidence: ['device-configuration'], ruleIds: ['CE-SC-LOCKOUT'], source: '§1.4 E2-006…012' },
  // DOMAIN.md §1.4 Security update management E3-001…003; §1.3 unsupported software and ESU
  { id: 'CE-SUM-01', kind: 'requirement', versions: both, control: 'security-update-management', area: 'vulnerability-management', summary: 'All software in scope is licensed and still receives security fixes; anything else is removed or cut off from the internet. Windows 10 after 14 Oct 2025 needs ESU.', evidence: ['device-inventory', 'software-inventory', 'lifecycle-intel'], ruleIds: ['CE-UNSUPPORTED'], source: '§1.4 E3-001…003; §1.3' },
  // DOMAIN.md §1.4 E3-004
  { id: 'CE-SUM-02', kind: 'requirement', versions: both, control: 'security-update-management', area: 'vulnerability-management', summary: 'Updates install automatically wherever the software allows it.', evidence: ['device-configuration'], ruleIds: [], source: '§1.4 E3-004' },
  // DOMAIN.md §1.4 E3-005…007; §1.1 Danzell A6.4; §7
  { id: 'CE-SUM-03', kind: 'requirement', versions: both, control: 'security-update-management', area: 'vulnerability-management', summary: 'Operating systems and router or firewall firmware get high-risk fixes (vendor critical/high, CVSS v3 of 7 or more, or unrated) within 14 days of release.', evidence: ['vulnerability-scan', 'software-inventory', 'vulnerability-intel'], ruleIds: ['CE-PATCH-14D'], autoFailIn: ['3.3'], source: '§1.4 E3-005…007; §1.1 A6.4' },
  // DOMAIN.md §1.4 E3-005…007; §1.1 Danzell A6.5
  { id: 'CE-SUM-04', kind: 'requirement', versions: both, control: 'security-update-management', area: 'vulnerability-management', summary: 'Applications, including extensions, get the same high-risk fixes within 14 days.', evidence: ['vulnerability-scan', 'software-inventory', 'vulnerability-intel'], ruleIds: ['CE-PATCH-14D'], autoFailIn: ['3.3'], source: '§1.4 E3-005…007; §1.1 A6.5' },
  // DOMAIN.md §1.4 User access control E4-005…008, E4-013
  { id: 'CE-UAC-01', kind: 'requirement', versions: both, control: 'user-access-control', area: 'access-controls', summary: 'Accounts are approved before creation, unique to a person, and removed or stripped of privileges when no longer needed.', evidence: ['assessor-record'], ruleIds: [], source: '§1.4 E4-005…008, E4-013' },
  // DOMAIN.md §1.4 E4-009, E4-010; §1.1 Danzell A7.17
  { id: 'CE-UAC-02', kind: 'requirement', versions: both, control: 'user-access-control', area: 'access-controls', summary: 'Every user of a cloud service signs in with more than one factor.', evidence: ['cloud-accounts', 'assessor-record'], ruleIds: ['CE-MFA', 'CE-TC4-ASSESSOR'], autoFailIn: ['3.3'], source: '§1.4 E4-009, E4-010; §1.1 A7.17' },
  // DOMAIN.md §1.4 E4-014, E4-015; §1.1 Danzell A7.16
  { id: 'CE-UAC-03', kind: 'requirement', versions: both, control: 'user-access-control', area: 'access-controls', summary: 'Administrators, and any account reachable from the internet, sign in with more than one factor.', evidence: ['cloud-accounts', 'assessor-record'], ruleIds: ['CE-MFA', 'CE-TC4-ASSESSOR'], autoFailIn: ['3.3'], source: '§1.4 E4-014, E4-015; §1.1 A7.16' },
  // DOMAIN.md §1.4 E4-011, E4-012
  { id: 'CE-UAC-04', kind: 'requirement', versions: both, control: 'user-access-control', area: 'access-controls', summary: 'Admin work is done from a separate account that is not used for e-mail or browsing; everyday accounts hold no admin rights.', evidence: ['device-configuration', 'assessor-record'], ruleIds: ['CE-TC5-SEPARATION'], source: '§1.4 E4-011, E4-012' },
  // DOMAIN.md §1.4 E4-021
  { id: 'CE-UAC-05', kind: 'requirement', versions: both, control: 'user-access-control', area: 'access-controls', summary: 'Password guessing is stopped by MFA, throttling or lock-out after at most ten tries.', evidence: ['device-configuration'], ruleIds: ['CE-SC-LOCKOUT'], source: '§1.4 E4-021' },
  // DOMAIN.md §1.4 E4-022…029
  { id: 'CE-UAC-06', kind: 'requirement', versions: both, control: 'user-access-control', area: 'access-controls', summary: 'Passwords are protected by MFA, or are 12+ characters, or 8+ with a deny-list; no forced expiry or complexity rules.', evidence: ['assessor-record'], ruleIds: [], source: '§1.4 E4-022…029' },
  // DOMAIN.md §1.4 Malware protection E5-001, E5-002
  { id: 'CE-MP-01', kind: 'requirement', versions: both, control: 'malware-protection', area: 'end-user-devices', summary: 'Every device in scope has at least one working malware protection.', evidence: ['device-configuration'], ruleIds: ['CE-MALWARE'], source: '§1.4 E5-001, E5-002' },
  // DOMAIN.md §1.4 E5-003…007
  { id: 'CE-MP-02', kind: 'requirement', versions: both, control: 'malware-protection', area: 'end-user-devices', summary: 'Anti-malware is kept current, stops malicious code running and blocks known-bad web sites.', evidence: ['device-configuration', 'assessor-record'], ruleIds: ['CE-MALWARE', 'CE-TC3-SUBTESTS'], source: '§1.4 E5-003…007' },
  // DOMAIN.md §1.4 E5-008…012
  { id: 'CE-MP-03', kind: 'requirement', versions: both, control: 'malware-protection', area: 'end-user-devices', summary: 'Where allow-listing is the protection, only approved, correctly signed applications can run.', evidence: ['device-configuration', 'assessor-record'], ruleIds: ['CE-MALWARE', 'CE-TC3-SUBTESTS'], source: '§1.4 E5-008…012' },
  // DOMAIN.md §1.1 v3.3 "what's new"; §1.3 D-011, D-024…026
  { id: 'CE-SCOPE-01', kind: 'requirement', versions: ['3.3'], control: 'user-access-control', area: 'access-controls', summary: 'Cloud services the organisation uses are always in scope; they cannot be carved out.', evidence: ['cloud-accounts'], ruleIds: ['CE-MFA'], source: '§1.1; §1.3 D-011, D-024…026' },
];
