/**
 * Secure configuration assessment (SCA) ids → Ward observation keys. Defender says, per device
 * and configuration id, whether the device is compliant with Microsoft's recommended setting; the
 * table says what that tells Ward about the device. Ids come from Microsoft's security
 * recommendations (the portal's `sca-_-scid-N` references; `DeviceTvmSecureConfigurationAssessmentKB`
 * names them). Only applicable rows count: `isApplicable: false` tells nothing about the device.
 *
 * Several ids can speak about one key; the key is then `true` ("the risky thing is on") when any
 * of them is non-compliant, `false` only when every one seen is compliant (see `combine`).
 *
 * Not mapped, with why:
 * - `local_admins` (members of the local Administrators group): SCA says only whether a policy is
 *   met, never who is in the group; it needs another source (osquery, Intune, a CE+ assessor).
 * - `av.present` / `av.enabled` / `av.signature_age_days`: the antivirus health export
 *   (`defender-av-health`) measures them directly; the SCA ids below are kept as their own keys.
 */
export type ScaMapping = {
  key: string;
  /** What a compliant device means for the key's value. */
  compliantMeans: boolean;
  note: string;
};

export const scaObservations: Readonly<Record<string, ScaMapping>> = {
  'scid-2070': { key: 'firewall.enabled', compliantMeans: true, note: 'Turn on Microsoft Defender Firewall: compliant means the host firewall is on for every profile' },
  'scid-2071': { key: 'firewall.domain_profile_secure', compliantMeans: true, note: 'Secure Microsoft Defender Firewall domain profile: kept apart, a stricter test than "enabled"' },
  'scid-2072': { key: 'firewall.private_profile_secure', compliantMeans: true, note: 'Secure Microsoft Defender Firewall private profile' },
  'scid-2073': { key: 'firewall.public_profile_secure', compliantMeans: true, note: 'Secure Microsoft Defender Firewall public profile' },
  'scid-53': { key: 'smb1.enabled', compliantMeans: false, note: 'Disable SMBv1 client driver: non-compliant means the SMBv1 client (mrxsmb10) still loads' },
  'scid-54': { key: 'smb1.enabled', compliantMeans: false, note: 'Disable SMBv1 server: non-compliant means the server still offers SMBv1 (the WannaCry vector); id not confirmed in a Microsoft page, so the name is matched too' },
  'scid-70': { key: 'autorun.enabled', compliantMeans: false, note: "Set default behavior for 'AutoRun' to 'Do not execute any autorun commands': non-compliant means autorun commands run" },
  'scid-69': { key: 'autorun.enabled', compliantMeans: false, note: "Disable 'Autoplay' for all drives: non-compliant means media can start content on insertion" },
  'scid-67': { key: 'autorun.enabled', compliantMeans: false, note: "Disable 'Autoplay for non-volume devices' (phones, cameras): non-compliant means autoplay on those" },
  'scid-2010': { key: 'av.defender_antivirus_on', compliantMeans: true, note: 'Turn on Microsoft Defender Antivirus: non-compliant may mean another product is primary, so not av.enabled' },
  'scid-2011': { key: 'av.signatures_up_to_date', compliantMeans: true, note: 'Update Microsoft Defender Antivirus definitions' },
  'scid-2012': { key: 'av.realtime_protection', compliantMeans: true, note: 'Turn on real-time protection' },
  'scid-2003': { key: 'av.tamper_protection', compliantMeans: true, note: 'Turn on Tamper Protection' },
};

/** Names matched when an id is not in the table (ids Ward could not confirm from a public source). */
const byName: { pattern: RegExp; id: string }[] = [
  { pattern: /\bdisable smb ?v1 server\b/i, id: 'scid-54' },
  { pattern: /\bdisable smb ?v1 client\b/i, id: 'scid-53' },
];

export function scaMappingOf(configurationId: string | undefined, configurationName: string | undefined): ScaMapping | undefined {
  const id = configurationId?.toLowerCase();
  const direct = id ? scaObservations[id] : undefined;
  if (direct) return direct;
  const named = configurationName ? byName.find((entry) => entry.pattern.test(configurationName)) : undefined;
  return named ? scaObservations[named.id] : undefined;
}

/** The value of a key from the compliance of each mapped id seen for one device. */
export function combine(values: boolean[]): boolean | undefined {
  if (values.length === 0) return undefined;
  return values.some((v) => v) ? true : false;
}
