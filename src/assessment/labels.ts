/** The names people read for controls, areas and outcomes (pages, reports). */
import type { Area, Control } from './controls.js';
import type { Outcome } from './outcome.js';

export const controlLabels: Record<Control, string> = {
  firewalls: 'Firewalls',
  'secure-configuration': 'Secure configuration',
  'security-update-management': 'Security update management',
  'user-access-control': 'User access control',
  'malware-protection': 'Malware protection',
};

export const areaLabels: Record<Area, string> = {
  'vulnerability-management': 'Vulnerability management',
  'access-controls': 'Access controls',
  'end-user-devices': 'End-user devices',
  servers: 'Servers',
  'network-security': 'Network security',
};

export const outcomeLabels: Record<Outcome, string> = { pass: 'Passed', fail: 'Failed', 'not-evidenced': 'Not evidenced', 'not-applicable': 'Not applicable' };
