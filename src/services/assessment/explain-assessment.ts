import { areas, controls } from '../../assessment/controls.js';
import type { StoredAssessment, StoredCheck } from './stored-assessment.js';
import { pushTo } from '../../core/multi-map.js';

export type ExplainedCheck = { ruleId: string; subject: string; reasons: string[] };

export type Explanation = {
  headline: string;
  failed: ExplainedCheck[];
  notEvidenced: ExplainedCheck[];
  /** The explained result for people: scores, every failed and not-evidenced check, the plan. */
  text: string;
};

const pc = (p: number | null) => (p === null ? '–' : `${p.toFixed(1)} %`);

function explained(checks: readonly StoredCheck[]): ExplainedCheck[] {
  return checks.map((c) => ({ ruleId: c.ruleId, subject: `${c.subject.kind} ${c.subject.name}`, reasons: (c.reasons ?? []).map((r) => r.message) }));
}

/** Lists at most `limit` checks per rule in the text (the JSON keeps them all). */
function section(title: string, checks: readonly ExplainedCheck[], limit: number): string[] {
  if (checks.length === 0) return [`${title}: none`];
  const lines = [`${title} (${checks.length}):`];
  const byRule = new Map<string, ExplainedCheck[]>();
  for (const c of checks) pushTo(byRule, c.ruleId, c);
  for (const [ruleId, list] of byRule) {
    lines.push(`  ${ruleId} (${list.length})`);
    for (const c of list.slice(0, limit)) for (const reason of c.reasons) lines.push(`    - ${reason}`);
    if (list.length > limit) lines.push(`    … and ${list.length - limit} more (see --json)`);
  }
  return lines;
}

export function explainAssessment(a: StoredAssessment & { odsCode?: string; organisationName?: string }, options: { perRule?: number } = {}): Explanation {
  const limit = options.perRule ?? 25;
  const failed = explained(a.checks.filter((c) => c.outcome === 'fail'));
  const notEvidenced = explained(a.checks.filter((c) => c.outcome === 'not-evidenced'));
  const who = a.organisationName !== undefined ? `${a.organisationName} (${a.odsCode ?? ''})` : a.organisationId;
  const headline = `${who}: ${pc(a.percent)} — ${a.verdict === 'pass' ? 'PASS' : 'FAIL'} (${a.passed} of ${a.applicable} checks passed, ${a.failed} failed, ${a.notEvidenced} not evidenced); acceptable under ${a.policyId}: ${a.acceptable ? 'yes' : 'no'} — ${a.score.acceptable.because}`;
  const lines = [
    headline,
    `Cyber Essentials v${a.ceVersion}, as of ${a.asOf}; ${a.deviceCount} in-scope devices; evidence ${a.evidence.importId ?? 'none'}${a.evidence.at ? ` (${a.evidence.at})` : ''}; intel ${a.intel.sourceId ?? 'none'}${a.intel.at ? ` (${a.intel.at})` : ''}; snapshot ${a.id}`,
    '',
    'By control: ' + controls.map((c) => `${c} ${pc(a.score.byControl[c].percent)}`).join(', '),
    'By area:    ' + areas.map((ar) => `${ar} ${pc(a.score.byArea[ar].percent)}`).join(', '),
    '',
    ...section('Failed checks', failed, limit),
    '',
    ...section('Not evidenced', notEvidenced, limit),
    '',
    a.plan.actions.length === 0 ? 'Remediation plan: nothing to fix' : `Remediation plan (${a.plan.actions.length} actions; ${a.plan.regainable} of ${a.plan.failedChecks} failed checks regainable; ${a.plan.notEvidencedChecks} checks need evidence):`,
    ...a.plan.actions.map(
      (action, i) =>
        `  ${i + 1}. ${action.description} — +${action.pointsRegained} checks (+${action.scoreGain.toFixed(1)} points)${action.cves.length > 0 ? `; ${action.cves.slice(0, 5).join(', ')}${action.cves.length > 5 ? ` +${action.cves.length - 5}` : ''}` : ''}${action.kev ? '; KEV: known exploited' : ''}${action.maxEpss !== null ? `; EPSS ${action.maxEpss.toFixed(3)}` : ''}`,
    ),
  ];
  return { headline, failed, notEvidenced, text: lines.join('\n') };
}
