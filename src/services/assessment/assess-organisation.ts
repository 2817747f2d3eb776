import { createHash } from 'node:crypto';
import { assess } from '../../assessment/assess.js';
import type { AssessmentInput } from '../../assessment/assessment-input.js';
import type { CeVersion } from '../../assessment/controls.js';
import { principalId, type Actor } from '../../core/principal.js';
import { invalidInput } from '../../core/errors.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import type { ReadOrganisationExposure } from '../exposure/organisation-exposure.js';
import { newId } from '../ids.js';
import { assembleAssessmentInput } from './assemble-assessment-input.js';
import { ceVersionFor } from './ce-version.js';
import { evidenceVersions } from './evidence-version.js';
import { encodeChecks, storedChecks, storedRules, toSummary, type StoredAssessment } from './stored-assessment.js';

export type AssessOrganisationOptions = {
  /** ISO date or timestamp; the clock's today by default. */
  asOf?: string;
  ceVersion?: CeVersion;
  /** Why it ran: `manual`, `import`, `intel`, `bench`. */
  trigger: string;
  readExposure?: ReadOrganisationExposure;
};

export function digestOf(input: AssessmentInput): string {
  return createHash('sha256').update(JSON.stringify(input), 'utf8').digest('hex');
}

const isoDay = /^\d{4}-\d{2}-\d{2}/;

/**
 * Assembles, assesses and stores one snapshot for an organisation, with its audit entry, in one
 * transaction. No access check: use cases and the re-assessment worker authorise before calling.
 */
export async function assessOrganisation(context: ServiceContext, actor: Actor, organisationId: string, options: AssessOrganisationOptions): Promise<StoredAssessment> {
  const now = context.clock.now();
  const asOf = options.asOf ?? now.toISOString();
  if (!isoDay.test(asOf) || Number.isNaN(Date.parse(asOf.slice(0, 10)))) throw invalidInput(`"${asOf}" is not an ISO date (YYYY-MM-DD)`, { asOf: 'malformed' });
  const asOfDay = asOf.slice(0, 10);
  const versions = await evidenceVersions(context, organisationId);
  const input = await assembleAssessmentInput(context, organisationId, { ceVersion: options.ceVersion ?? ceVersionFor(asOfDay), ...(options.readExposure ? { readExposure: options.readExposure } : {}) });
  const result = assess(input, asOfDay);
  const overall = result.score.overall;
  const checks = storedChecks(result.checks);
  const rules = storedRules(result);
  const row = {
    id: newId(),
    organisation_id: organisationId,
    as_of: asOfDay,
    ce_version: input.ceVersion,
    trigger: options.trigger,
    evidence_import_id: versions.evidenceImportId,
    evidence_at: versions.evidenceAt,
    intel_source_id: versions.intelSourceId,
    intel_at: versions.intelAt,
    input_digest: digestOf(input),
    device_count: input.devices.length,
    applicable: overall.applicable,
    passed: overall.passed,
    failed: overall.failed,
    not_evidenced: overall.notEvidenced,
    percent: overall.percent,
    verdict: result.score.verdict,
    acceptable: result.score.acceptable.acceptable ? 1 : 0,
    policy_id: result.score.acceptable.policyId,
    score: JSON.stringify(result.score),
    rules: JSON.stringify(rules),
    checks: encodeChecks(checks),
    plan: JSON.stringify(result.plan),
    created_by: principalId(actor.principal) ?? actor.principal.label,
    created_at: now.toISOString(),
    revision: 0,
  };
  await context.database.db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('assessments').select((eb) => eb.fn.max('revision').as('revision')).where('organisation_id', '=', organisationId).executeTakeFirst();
    row.revision = (last?.revision ?? 0) + 1;
    await trx.insertInto('assessments').values(row).execute();
    await appendAudit(
      trx,
      context.database.capabilities,
      actor,
      {
        action: 'assessment.created',
        objectType: 'assessment',
        objectId: row.id,
        organisationId,
        details: { asOf: asOfDay, ceVersion: row.ce_version, trigger: row.trigger, percent: row.percent, verdict: row.verdict, acceptable: row.acceptable === 1, inputDigest: row.input_digest, evidenceImportId: row.evidence_import_id, intelSourceId: row.intel_source_id },
      },
      now,
    );
  });
  // What was just stored, without decoding it again.
  return { ...toSummary(row), score: result.score, rules, checks, plan: result.plan };
}
