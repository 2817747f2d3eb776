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
  /** The snapshot's number in its organisation's history (1 = first). */
  revision: number;
};

export type StoredAssessment = AssessmentSummary & { score: Score; rules: StoredRule[]; checks: StoredCheck[]; plan: RemediationPlan };

export function storedRules(assessment: Assessment): StoredRule[] {
  const counts = new Map<string, Record<CheckResult['outcome'], number>>();
  for (const c of assessment.checks) {
    let tally = counts.get(c.ruleId);
    if (tally === undefined) counts.set(c.ruleId, (tally = { pass: 0, fail: 0, 'not-evidenced': 0, 'not-applicable': 0 }));
    tally[c.outcome] += 1;
  }
  return assessment.rules.map((rule) => {
    const tally = counts.get(rule.ruleId);
    return { ruleId: rule.ruleId, title: rule.title, requirementIds: rule.requirementIds, outcome: rule.outcome, passed: tally?.pass ?? 0, failed: tally?.fail ?? 0, notEvidenced: tally?.['not-evidenced'] ?? 0, notApplicable: tally?.['not-applicable'] ?? 0 };
  });
}

/**
 * The checks column. An organisation of 1,250 devices has some 11,000 checks; written out one
 * object each they come to about 5 MB of JSON, and gzip of that cost more than assessing. So checks
 * are stored as tables: each distinct (rule, control, area) and each distinct subject once, then one
 * small row per check (indexes, the outcome's index, and reasons only where the check did not pass),
 * gzipped and base64'd behind `c1:`. Older rows (`gz:` + the plain list) still read.
 */
type CompactChecks = { rules: [string, string, string][]; subjects: [string, string, string][]; checks: ([number, number, number] | [number, number, number, Reason[]])[] };

const outcomes: readonly CheckResult['outcome'][] = ['pass', 'fail', 'not-evidenced', 'not-applicable'];

function indexer<T>(keyOf: (item: T) => string): { list: T[]; indexOf: (item: T) => number } {
  const positions = new Map<string, number>();
  const list: T[] = [];
  return {
    list,
    indexOf(item) {
      const key = keyOf(item);
      let position = positions.get(key);
      if (position === undefined) {
        position = list.length;
        positions.set(key, position);
        list.push(item);
      }
      return position;
    },
  };
}

export function encodeChecks(checks: readonly StoredCheck[]): string {
  const rules = indexer<[string, string, string]>((r) => r.join('\u0000'));
  const subjects = indexer<[string, string, string]>((s) => s.join('\u0000'));
  const rows: CompactChecks['checks'] = checks.map((c) => {
    const row: [number, number, number] = [rules.indexOf([c.ruleId, c.control, c.area]), subjects.indexOf([c.subject.kind, c.subject.id, c.subject.name]), outcomes.indexOf(c.outcome)];
    return c.reasons === undefined ? row : [...row, c.reasons];
  });
  const compact: CompactChecks = { rules: rules.list, subjects: subjects.list, checks: rows };
  return `c1:${gzipSync(JSON.stringify(compact), { level: 1 }).toString('base64')}`;
}

export function decodeChecks(text: string): StoredCheck[] {
  if (text.startsWith('gz:')) return JSON.parse(gunzipSync(Buffer.from(text.slice(3), 'base64')).toString('utf8')) as StoredCheck[];
  if (!text.startsWith('c1:')) return JSON.parse(text) as StoredCheck[];
  const compact = JSON.parse(gunzipSync(Buffer.from(text.slice(3), 'base64')).toString('utf8')) as CompactChecks;
  return compact.checks.map(([ruleIndex, subjectIndex, outcomeIndex, reasons]) => {
    const [ruleId, control, area] = compact.rules[ruleIndex] ?? ['', '', ''];
    const [kind, id, name] = compact.subjects[subjectIndex] ?? ['', '', ''];
    return {
      ruleId,
      control: control as CheckResult['control'],
      area: area as CheckResult['area'],
      subject: { kind: kind as Subject['kind'], id, name },
      outcome: outcomes[outcomeIndex] ?? 'not-evidenced',
      ...(reasons !== undefined ? { reasons } : {}),
    };
  });
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
    revision: row.revision,
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
  'revision',
] as const;
