/**
 * The two ways Ward groups results: by Cyber Essentials technical control (the standard's own
 * grouping, DOMAIN.md §1.4) and by the assessment area the national audit reported on. Scores are
 * given for both, so the lists are the single source of the names.
 */
export const controls = [
  'firewalls',
  'secure-configuration',
  'security-update-management',
  'user-access-control',
  'malware-protection',
] as const;

export type Control = (typeof controls)[number];

export const areas = [
  'vulnerability-management',
  'access-controls',
  'end-user-devices',
  'servers',
  'network-security',
] as const;

export type Area = (typeof areas)[number];

/** Which published requirements document the catalogue follows (DOMAIN.md §1.1). */
export const ceVersions = ['3.2', '3.3'] as const;

export type CeVersion = (typeof ceVersions)[number];
