/**
 * How a stored assessment (snapshot) reads back. Checks are kept compactly: every check with its
 * subject and outcome, and the reasons of the checks that did not pass (passes are explained by
 * their rule's title). Rule outcomes keep their counts, not their reasons, to avoid storing each
 * reason twice.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Assessment } from '../../assessment/assess.js';
import type { CheckResult, Reason, Subject } from '../../assessment/outcome.js';
import type { RemediationPlan } from '../../assessment/remediation-plan.js';
import type { Score } from '../../assessment/score.js';
import type { AssessmentTable } from '../../storage/schema.js';

export type StoredRule = { ruleId: string; title: string; requirementIds: readonly string[]; outcome: string; passed: number; failed: number; notEvidenced: number; notApplicable: number };

export type StoredCheck = { ruleId: string; control: CheckResult['control']; area: CheckResult['area']; subject: Subject; outcome: CheckResult['outcome']; reasons?: Reason[] };

export type AssessmentSummary = {
  id: string;
  organisationId: string;
  asOf: string;
  ceVersion: string;
  trigger: string;
  evidence: { importId: string | null; at: string | null };
  intel: { sourceId: string | null; at: string | null };
  inputDigest: string;
  deviceCount: number;
  percent: number | null;
  applicable: number;
  passed: number;
  failed: number;
  notEvidenced: number;
  verdict: 'pass' | 'fail';
  acceptable: boolean;
  policyId: string;
  createdBy: string;
  createdAt: string;
};

export type StoredAssessment = AssessmentSummary & { score: Score; rules: StoredRule[]; checks: StoredCheck[]; plan: RemediationPlan };

export function storedRules(assessment: Assessment): StoredRule[] {
  return assessment.rules.map((rule) => {
    const mine = assessment.checks.filter((c) => c.ruleId === rule.ruleId);
    const count = (o: CheckResult['outcome']) => mine.filter((c) => c.outcome === o).length;
    return { ruleId: rule.ruleId, title: rule.title, requirementIds: rule.requirementIds, outcome: rule.outcome, passed: count('pass'), failed: count('fail'), notEvidenced: count('not-evidenced'), notApplicable: count('not-applicable') };
  });
}

/**
 * The checks column: gzip + base64 of the JSON, prefixed `gz:` (an organisation of 1,250 devices
 * has some 11,000 checks, about 5 MB of JSON that compresses twentyfold: text, so both engines
 * store it the same way).
 */
export function encodeChecks(checks: readonly StoredCheck[]): string {
  return `gz:${gzipSync(JSON.stringify(checks), { level: 6 }).toString('base64')}`;
}

export function decodeChecks(text: string): StoredCheck[] {
  const json = text.startsWith('gz:') ? gunzipSync(Buffer.from(text.slice(3), 'base64')).toString('utf8') : text;
  return JSON.parse(json) as StoredCheck[];
}

export function storedChecks(checks: readonly CheckResult[]): StoredCheck[] {
  return checks.map((c) => ({ ruleId: c.ruleId, control: c.control, area: c.area, subject: c.subject, outcome: c.outcome, ...(c.outcome === 'pass' || c.outcome === 'not-applicable' ? {} : { reasons: c.reasons.filter((r) => r.outcome === c.outcome) }) }));
}

type SummaryRow = Omit<AssessmentTable, 'score' | 'rules' | 'checks' | 'plan'>;

export function toSummary(row: SummaryRow): AssessmentSummary {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    asOf: row.as_of,
    ceVersion: row.ce_version,
    trigger: row.trigger,
    evidence: { importId: row.evidence_import_id, at: row.evidence_at },
    intel: { sourceId: row.intel_source_id, at: row.intel_at },
    inputDigest: row.input_digest,
    deviceCount: row.device_count,
    percent: row.percent,
    applicable: row.applicable,
    passed: row.passed,
    failed: row.failed,
    notEvidenced: row.not_evidenced,
    verdict: row.verdict === 'pass' ? 'pass' : 'fail',
    acceptable: row.acceptable === 1,
    policyId: row.policy_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export function toStoredAssessment(row: AssessmentTable): StoredAssessment {
  return {
    ...toSummary(row),
    score: JSON.parse(row.score) as Score,
    rules: JSON.parse(row.rules) as StoredRule[],
    checks: decodeChecks(row.checks),
    plan: JSON.parse(row.plan) as RemediationPlan,
  };
}

/** Columns of the history list: everything but the large JSON documents. */
export const summaryColumns = [
  'id',
  'organisation_id',
  'as_of',
  'ce_version',
  'trigger',
  'evidence_import_id',
  'evidence_at',
  'intel_source_id',
  'intel_at',
  'input_digest',
  'device_count',
  'applicable',
  'passed',
  'failed',
  'not_evidenced',
  'percent',
  'verdict',
  'acceptable',
  'policy_id',
  'created_by',
  'created_at',
] as const;
