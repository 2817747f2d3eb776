/** The organisation page's assessment panels: score, controls, areas, failing checks per rule, the plan, the trend. */
import { areas, controls } from '../../assessment/controls.js';
import { areaLabels, controlLabels, outcomeLabels } from '../../assessment/labels.js';
import type { Tally } from '../../assessment/score.js';
import { legacySystems } from '../../services/assessment/device-support.js';
import type { AssessmentSummary, StoredAssessment, StoredCheck } from '../../services/assessment/stored-assessment.js';
import { renderLineChart } from '../charts/line-chart.js';
import { formatDate, formatNumber } from '../format.js';

export const percentText = (value: number | null) => (value === null ? 'No applicable checks' : `${value.toFixed(1)}%`);

/** How many failing checks of a rule the page shows inside its expandable section; the rest are one link away, paged. */
export const checksShownPerRule = 10;

const tallyCells = (label: string, t: Tally) => [
  { text: label },
  { text: percentText(t.percent), format: 'numeric' },
  { text: `${formatNumber(t.passed)} of ${formatNumber(t.applicable)}`, format: 'numeric' },
  { text: formatNumber(t.failed), format: 'numeric' },
  { text: formatNumber(t.notEvidenced), format: 'numeric' },
];

export type FailingCheckView = { subject: string; outcome: string; outcomeClass: string; reasons: string[] };

export function failingCheckView(check: StoredCheck): FailingCheckView {
  const reasons = (check.reasons ?? []).map((r) => r.message);
  return {
    subject: check.subject.name,
    outcome: outcomeLabels[check.outcome],
    outcomeClass: check.outcome === 'fail' ? 'nhsuk-tag--red' : 'nhsuk-tag--yellow',
    reasons: reasons.length > 0 ? reasons : ['No reason was recorded for this check.'],
  };
}

/** Checks that lost points, failures first, then by subject name: the order of the page and the paged list. */
export function failingChecks(assessment: StoredAssessment, ruleId: string): StoredCheck[] {
  return assessment.checks
    .filter((c) => c.ruleId === ruleId && (c.outcome === 'fail' || c.outcome === 'not-evidenced'))
    .sort((a, b) => Number(b.outcome === 'fail') - Number(a.outcome === 'fail') || a.subject.name.localeCompare(b.subject.name));
}

function ruleViews(code: string, assessment: StoredAssessment) {
  return assessment.rules.map((rule) => {
    const failing = failingChecks(assessment, rule.ruleId);
    const control = assessment.checks.find((c) => c.ruleId === rule.ruleId)?.control;
    return {
      ruleId: rule.ruleId,
      title: rule.title,
      control: control ? controlLabels[control] : '',
      outcome: outcomeLabels[rule.outcome as keyof typeof outcomeLabels] ?? rule.outcome,
      outcomeClass: rule.outcome === 'pass' ? 'nhsuk-tag--green' : rule.outcome === 'fail' ? 'nhsuk-tag--red' : rule.outcome === 'not-evidenced' ? 'nhsuk-tag--yellow' : 'nhsuk-tag--grey',
      passed: rule.passed,
      failed: rule.failed,
      notEvidenced: rule.notEvidenced,
      applicable: rule.passed + rule.failed + rule.notEvidenced,
      failing: failing.slice(0, checksShownPerRule).map(failingCheckView),
      more: Math.max(0, failing.length - checksShownPerRule),
      href: `/organisations/${code}/checks/${encodeURIComponent(rule.ruleId)}`,
    };
  });
}

function planRows(assessment: StoredAssessment) {
  return assessment.plan.actions.map((action, index) => [
    { text: String(index + 1), format: 'numeric' },
    { text: action.description },
    { text: `+${formatNumber(action.pointsRegained)} (${action.scoreGain.toFixed(1)} points)`, format: 'numeric' },
    { text: [action.kev ? 'Known exploited (KEV)' : '', action.cves.slice(0, 3).join(', ') + (action.cves.length > 3 ? ` and ${action.cves.length - 3} more` : '')].filter(Boolean).join('; ') || '–' },
  ]);
}

/** Oldest first, one point per stored assessment. */
export function trendPoints(history: readonly AssessmentSummary[]) {
  return [...history].reverse().map((h) => ({ label: h.asOf.slice(0, 10), value: h.percent === null ? null : Math.round(h.percent * 10) / 10, verdict: h.verdict, trigger: h.trigger }));
}

export async function assessmentView(code: string, latest: StoredAssessment | null, history: readonly AssessmentSummary[]) {
  if (latest === null) return null;
  const points = trendPoints(history);
  return {
    percent: percentText(latest.percent),
    verdict: latest.verdict === 'pass' ? 'Pass' : 'Fail',
    verdictClass: latest.verdict === 'pass' ? 'nhsuk-tag--green' : 'nhsuk-tag--red',
    acceptable: latest.acceptable,
    acceptableBecause: latest.score.acceptable.because,
    asOf: formatDate(latest.asOf),
    ceVersion: latest.ceVersion,
    revision: latest.revision,
    deviceCount: latest.deviceCount,
    counts: { applicable: latest.applicable, passed: latest.passed, failed: latest.failed, notEvidenced: latest.notEvidenced },
    controlRows: controls.map((c) => tallyCells(controlLabels[c], latest.score.byControl[c])),
    areaRows: areas.map((a) => tallyCells(areaLabels[a], latest.score.byArea[a])),
    rules: ruleViews(code, latest),
    plan: { rows: planRows(latest), regainable: latest.plan.regainable, failedChecks: latest.plan.failedChecks, notEvidencedChecks: latest.plan.notEvidencedChecks },
    legacy: legacySystems(latest.checks).map((g) => [{ text: g.operatingSystem }, { text: g.supportEndsOn ? formatDate(g.supportEndsOn) : 'Unknown' }, { text: formatNumber(g.devices), format: 'numeric' }]),
    trendChart: points.length >= 2 ? await renderLineChart({ title: 'Cyber Essentials Plus score over time (per cent of checks passed)', points, max: 100, unit: '%' }) : null,
    trendRows: [...points].reverse().map((p) => [{ text: formatDate(p.label) }, { text: p.value === null ? '–' : `${p.value.toFixed(1)}%`, format: 'numeric' }, { text: p.verdict === 'pass' ? 'Pass' : 'Fail' }, { text: p.trigger }]),
  };
}
