/**
 * Legacy systems as the latest assessment judged them: the CE-UNSUPPORTED check of each device says
 * whether its operating system still gets security fixes (reasons are stored for failed and
 * not-evidenced checks only, so a pass is "supported"). Pure: reads a stored snapshot's checks.
 */
import type { StoredCheck } from './stored-assessment.js';

export const supportStatuses = ['unsupported', 'unknown', 'supported'] as const;
export type SupportStatusFilter = (typeof supportStatuses)[number];

export type DeviceSupport = { status: SupportStatusFilter; note: string | null; cycle: string | null; supportEndsOn: string | null };

export const unsupportedRuleId = 'CE-UNSUPPORTED';

/** Device id → its operating system's support as the snapshot judged it. Devices not assessed are absent. */
export function deviceSupport(checks: readonly StoredCheck[]): Map<string, DeviceSupport> {
  const byDevice = new Map<string, DeviceSupport>();
  for (const c of checks) {
    if (c.ruleId !== unsupportedRuleId || c.subject.kind !== 'device') continue;
    const os = (c.reasons ?? []).find((r) => r.code.startsWith('support.os-'));
    if (c.outcome === 'fail' && os?.code === 'support.os-unsupported') {
      const facts = os.facts ?? {};
      byDevice.set(c.subject.id, { status: 'unsupported', note: os.message, cycle: typeof facts.cycle === 'string' ? facts.cycle : null, supportEndsOn: typeof facts.supportEndsOn === 'string' ? facts.supportEndsOn : null });
    } else if (c.outcome === 'not-evidenced') {
      byDevice.set(c.subject.id, { status: 'unknown', note: os?.message ?? null, cycle: null, supportEndsOn: null });
    } else if (c.outcome !== 'not-applicable') {
      byDevice.set(c.subject.id, { status: 'supported', note: null, cycle: null, supportEndsOn: null });
    }
  }
  return byDevice;
}

export type LegacyGroup = { operatingSystem: string; cycle: string | null; supportEndsOn: string | null; devices: number };

/** Unsupported operating systems grouped by release, most devices first: the "legacy systems" of the page and the report. */
export function legacySystems(checks: readonly StoredCheck[]): LegacyGroup[] {
  const groups = new Map<string, LegacyGroup>();
  for (const c of checks) {
    if (c.ruleId !== unsupportedRuleId || c.outcome !== 'fail') continue;
    for (const r of c.reasons ?? []) {
      if (r.code !== 'support.os-unsupported') continue;
      const label = r.remedy?.kind === 'retire-software' ? r.remedy.product : (r.deviceName ?? 'Unknown');
      const cycle = typeof r.facts?.cycle === 'string' ? r.facts.cycle : null;
      const group = groups.get(label) ?? { operatingSystem: label, cycle, supportEndsOn: typeof r.facts?.supportEndsOn === 'string' ? r.facts.supportEndsOn : null, devices: 0 };
      group.devices += 1;
      groups.set(label, group);
    }
  }
  return [...groups.values()].sort((a, b) => b.devices - a.devices || a.operatingSystem.localeCompare(b.operatingSystem));
}
