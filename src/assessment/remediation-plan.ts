/**
 * Turns failed checks into the fewest actions that would clear them, ordered by points regained.
 *
 * Grouping: reasons whose remedies name the same fix (same product, port, service or setting)
 * become one action covering every device or account they were found on; for software the target
 * is the highest fixed version any of them needs. Ordering is greedy: at each step the action that
 * turns the most failed checks into passes, given the actions already listed, comes next (a device
 * missing two products' fixes only counts when the second is listed). Ties go to actions touching
 * more checks, then to known-exploited (KEV) work, then higher EPSS. Greedy is not always the
 * optimum for set problems, but the set of actions is exact: every failing reason is covered.
 * A failed check that also has not-evidenced reasons is not counted as regained: it would move to
 * not evidenced, not to pass.
 */
import { genericComparator } from '../intel/versions/index.js';
import type { CheckResult, Reason, Remedy } from './outcome.js';
import { tally } from './score.js';

export type RemediationAction = {
  key: string;
  kind: Remedy['kind'] | 'investigate';
  description: string;
  /** Devices, services or accounts the action touches. */
  subjects: string[];
  cves: string[];
  kev: boolean;
  maxEpss: number | null;
  /** Checks that become passes when this action is added to those before it. */
  pointsRegained: number;
  /** The same in percentage points of the organisation's score. */
  scoreGain: number;
};

export type RemediationPlan = { actions: RemediationAction[]; failedChecks: number; regainable: number; notEvidencedChecks: number };

type Group = { key: string; remedies: Remedy[]; reasons: Reason[]; subjects: Set<string> };

function keyOf(reason: Reason): string {
  const r = reason.remedy;
  if (r === undefined) return `investigate|${reason.code}`;
  switch (r.kind) {
    case 'update-software':
      return `update-software|${r.product}`;
    case 'retire-software':
      return `retire-software|${r.product}`;
    case 'close-port':
      return `close-port|${r.host}|${r.port}|${r.protocol}`;
    case 'fix-service':
      return `fix-service|${r.host}|${r.port}|${r.protocol}|${r.problem}`;
    case 'enable-mfa':
      return `enable-mfa|${r.serviceId}`;
    case 'change-setting':
      return `change-setting|${r.setting}|${r.to}`;
    case 'retest':
      return `retest|${r.test}`;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(group: Group): string {
  const first = group.remedies[0];
  const n = group.subjects.size;
  const on = (noun: string) => `on ${plural(n, noun)}`;
  if (first === undefined) return `Investigate ${group.reasons[0]?.code ?? 'failure'} ${on('subject')}`;
  switch (first.kind) {
    case 'update-software': {
      const versions = group.remedies.flatMap((r) => (r.kind === 'update-software' && r.fixedVersion !== undefined ? [r.fixedVersion] : []));
      const target = versions.reduce<string | undefined>((best, v) => (best === undefined || genericComparator.compare(v, best) > 0 ? v : best), undefined);
      return `Update ${first.product}${target === undefined ? ' to a fixed version' : ` to ≥ ${target}`} ${on('device')}`;
    }
    case 'retire-software':
      return `Retire or upgrade ${first.product} ${on('device')}`;
    case 'close-port':
      return `Close port ${first.port}/${first.protocol} on ${first.host} to the internet`;
    case 'fix-service':
      return `${first.host}:${first.port}/${first.protocol}: ${first.problem}`;
    case 'enable-mfa':
      return `Enable MFA on ${first.serviceName} for ${plural(group.reasons.filter((r) => r.accountId !== undefined).length || n, 'account')}`;
    case 'change-setting':
      return `Set ${first.setting} to ${first.to} ${on('device')}`;
    case 'retest':
      return `Fix and re-test ${first.test} ${on('device')}`;
  }
}

export function remediationPlan(checks: readonly CheckResult[]): RemediationPlan {
  const applicable = tally(checks).applicable;
  const failed = checks.filter((c) => c.outcome === 'fail');
  const groups = new Map<string, Group>();
  const needs = new Map<CheckResult, Set<string>>();
  for (const c of failed) {
    const keys = new Set<string>();
    for (const reason of c.reasons.filter((r) => r.outcome === 'fail')) {
      const key = keyOf(reason);
      keys.add(key);
      const group = groups.get(key) ?? { key, remedies: [], reasons: [], subjects: new Set<string>() };
      if (reason.remedy !== undefined) group.remedies.push(reason.remedy);
      group.reasons.push(reason);
      group.subjects.add(`${c.subject.kind}:${c.subject.id}`);
      groups.set(key, group);
    }
    needs.set(c, keys);
  }
  const regainable = failed.filter((c) => !c.reasons.some((r) => r.outcome === 'not-evidenced'));
  const chosen = new Set<string>();
  const actions: RemediationAction[] = [];
  const remaining = new Map(groups);
  while (remaining.size > 0) {
    const rank = (g: Group) => {
      const completes = regainable.filter((c) => !allIn(needs.get(c), chosen) && allIn(needs.get(c), chosen, g.key)).length;
      const touches = failed.filter((c) => needs.get(c)?.has(g.key)).length;
      return { g, completes, touches, kev: hasKev(g), epss: maxEpss(g) ?? -1 };
    };
    const best = [...remaining.values()].map(rank).sort((a, b) => b.completes - a.completes || b.touches - a.touches || Number(b.kev) - Number(a.kev) || b.epss - a.epss || a.g.key.localeCompare(b.g.key))[0];
    if (best === undefined) break;
    chosen.add(best.g.key);
    remaining.delete(best.g.key);
    actions.push({
      key: best.g.key,
      kind: best.g.remedies[0]?.kind ?? 'investigate',
      description: describe(best.g),
      subjects: [...best.g.subjects].sort(),
      cves: [...new Set(best.g.reasons.flatMap((r) => (r.cve === undefined ? [] : [r.cve])))].sort(),
      kev: best.kev,
      maxEpss: maxEpss(best.g),
      pointsRegained: best.completes,
      scoreGain: applicable === 0 ? 0 : (best.completes / applicable) * 100,
    });
  }
  return { actions, failedChecks: failed.length, regainable: regainable.length, notEvidencedChecks: checks.filter((c) => c.outcome === 'not-evidenced').length };
}

function allIn(keys: ReadonlySet<string> | undefined, chosen: ReadonlySet<string>, extra?: string): boolean {
  return [...(keys ?? [])].every((k) => chosen.has(k) || k === extra);
}

function hasKev(group: Group): boolean {
  return group.remedies.some((r) => r.kind === 'update-software' && r.kev) || group.reasons.some((r) => r.facts?.kev === true);
}

function maxEpss(group: Group): number | null {
  const values = group.remedies.flatMap((r) => (r.kind === 'update-software' && r.epss !== undefined ? [r.epss] : []));
  return values.length === 0 ? null : Math.max(...values);
}
