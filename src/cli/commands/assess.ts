import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ceVersions, type CeVersion } from '../../assessment/controls.js';
import { invalidInput, WardError } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { drawCePlusSample } from '../../services/assessment/draw-ce-plus-sample.js';
import { explainAssessment } from '../../services/assessment/explain-assessment.js';
import { listAssessments } from '../../services/assessment/list-assessments.js';
import { nationalSummary, type NationalSummary } from '../../services/assessment/national-summary.js';
import { processDueAssessments } from '../../services/assessment/process-due-assessments.js';
import { recordManualResult, recordableTests } from '../../services/assessment/record-manual-result.js';
import { runAssessment } from '../../services/assessment/run-assessment.js';
import type { ServiceContext } from '../../services/context.js';
import { loadUserPrincipal } from '../../services/sessions/user-principal.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report, table } from '../output.js';

const pc = (p: number | null) => (p === null ? '–' : `${p.toFixed(1)} %`);

export function registerAssessCommands(program: Command): void {
  program
    .command('assess')
    .description('assess an organisation against Cyber Essentials Plus, store the snapshot and explain the result')
    .requiredOption('--org <code>', 'ODS code of the organisation')
    .option('--as-of <date>', 'assessment date YYYY-MM-DD (default today)')
    .option('--ce-version <version>', `requirements version: ${ceVersions.join(' or ')} (default by date)`)
    .option('--history', 'list the stored assessments instead of running one')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { org: string; asOf?: string; ceVersion?: string; history?: boolean }>();
      if (options.ceVersion !== undefined && !(ceVersions as readonly string[]).includes(options.ceVersion)) throw invalidInput(`--ce-version is ${ceVersions.join(' or ')}`, { ceVersion: 'invalid' });
      await withCommandContext(options, async ({ services, actor }) => {
        if (options.history) {
          const history = await listAssessments(services, actor, options.org);
          report(options, { assessments: history }, () =>
            table(['CREATED', 'AS OF', 'CE', 'TRIGGER', 'SCORE', 'VERDICT', 'ACCEPTABLE', 'DEVICES'], history.map((h) => [h.createdAt, h.asOf, h.ceVersion, h.trigger, pc(h.percent), h.verdict, h.acceptable ? 'yes' : 'no', h.deviceCount])),
          );
          return;
        }
        const result = await runAssessment(services, actor, { odsCode: options.org, ...(options.asOf !== undefined ? { asOf: options.asOf } : {}), ...(options.ceVersion !== undefined ? { ceVersion: options.ceVersion as CeVersion } : {}) });
        report(options, { ...result, explanation: explainAssessment(result) }, () => explainAssessment(result).text);
      });
    });

  program
    .command('national')
    .description('national summary from the latest assessment of every organisation')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const summary = await withCommandContext(options, ({ services, actor }) => nationalSummary(services, actor));
      report(options, summary, () => describeNational(summary));
    });

  program
    .command('sample')
    .description('draw and store the CE+ sample of an organisation (a second call draws the second sample after remediation)')
    .requiredOption('--org <code>', 'ODS code of the organisation')
    .option('--seed <seed>', 'seed of the random draw (default random; stored, so the sample can be re-derived)')
    .option('--servers-in-full', 'test every server rather than a sample of each server build')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { org: string; seed?: string; serversInFull?: boolean }>();
      const sample = await withCommandContext(options, ({ services, actor }) => drawCePlusSample(services, actor, { odsCode: options.org, ...(options.seed !== undefined ? { seed: options.seed } : {}), serversInFull: options.serversInFull === true }));
      report(options, sample, () =>
        `CE+ sample ${sample.round} of ${options.org} (seed ${sample.seed}, ${sample.calculation.method}): ${sample.deviceIds.length} devices\n` +
        table(['BUILD', 'DEVICES', 'SAMPLED', 'DEVICE IDS'], sample.calculation.builds.map((b) => [b.build, b.population, b.sampleSize, b.deviceIds.join(' ')])),
      );
    });

  program
    .command('manual-result')
    .description(`record an assessor's manual CE+ result (${recordableTests.join(', ')})`)
    .requiredOption('--org <code>', 'ODS code of the organisation')
    .requiredOption('--assessor <email>', 'the assessor (assigned to the organisation) or national admin recording it')
    .requiredOption('--test <test>', recordableTests.join(' | '))
    .requiredOption('--result <result>', 'pass | fail')
    .option('--device <device>', 'device id or host name (TC3, TC5, ESU)')
    .option('--service <id>', 'cloud service id (TC4)')
    .option('--role <role>', 'user | admin (TC4)')
    .option('--account <id>', 'the account that signed in (TC4)')
    .option('--notes <text>', 'what was seen')
    .option('--attach <files...>', 'evidence files (screenshots, exports), each at most 5 MiB')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { org: string; assessor: string; test: string; result: string; device?: string; service?: string; role?: string; account?: string; notes?: string; attach?: string[] }>();
      const attachments = await Promise.all((options.attach ?? []).map(async (path) => ({ fileName: basename(path), contentType: 'application/octet-stream', bytes: await readFile(path) })));
      const record = await withCommandContext(options, async ({ services }) =>
        recordManualResult(services, await assessorActor(services, options.assessor), {
          odsCode: options.org,
          test: options.test,
          result: options.result,
          ...(options.device !== undefined ? { device: options.device } : {}),
          ...(options.service !== undefined ? { cloudServiceId: options.service } : {}),
          ...(options.role !== undefined ? { accountRole: options.role } : {}),
          ...(options.account !== undefined ? { accountId: options.account } : {}),
          ...(options.notes !== undefined ? { notes: options.notes } : {}),
          attachments,
        }),
      );
      report(options, record, () => `Recorded ${record.test} ${record.result} (${record.id}) by ${record.recordedBy}${record.attachments.length > 0 ? ` with ${record.attachments.map((a) => `${a.fileName} (sha256 ${a.sha256})`).join(', ')}` : ''}`);
    });
}

/**
 * The CLI operator records on behalf of a named assessor: the record, its audit entry and the
 * authorisation are the assessor's (an assessor not assigned to the organisation is refused).
 */
async function assessorActor(context: ServiceContext, email: string): Promise<Actor> {
  const user = await context.database.db.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  const principal = user === undefined ? null : await loadUserPrincipal(context, user.id);
  if (principal === null) throw new WardError('NOT_FOUND', `No active user ${email}`);
  return { principal };
}

/** Re-assesses the organisations an import or intel load marked due; a line on stderr says what happened (failures only with --json). */
export async function reassessDue(context: ServiceContext, actor: Actor, options: GlobalOptions): Promise<void> {
  const outcomes = await processDueAssessments(context, actor);
  const assessed = outcomes.filter((o) => o.status === 'assessed');
  const failed = outcomes.filter((o) => o.status === 'failed');
  // With --json, stderr stays empty unless something went wrong.
  if (assessed.length > 0 && options.json !== true) process.stderr.write(`re-assessed ${assessed.length} organisation(s)\n`);
  for (const f of failed) process.stderr.write(`re-assessment of ${f.organisationId} failed: ${f.status === 'failed' ? f.message : ''}\n`);
}

function describeNational(s: NationalSummary): string {
  const lines = [
    `Organisations assessed: ${s.assessed} of ${s.organisations}`,
    `Average ${pc(s.average)}, median ${pc(s.median)}; passing (100 %): ${s.passing}; acceptable: ${s.acceptable}`,
    '',
    'Distribution',
    table(['SCORE', 'ORGANISATIONS'], s.distribution.map((d) => [d.bucket, d.organisations])),
    '',
    'Weakest areas',
    table(['AREA', 'AVERAGE'], s.weakestAreas.map((w) => [w.area, pc(w.average)])),
    '',
    'Weakest controls',
    table(['CONTROL', 'AVERAGE'], s.weakestControls.map((w) => [w.control, pc(w.average)])),
    '',
    'By region',
    table(['REGION', 'ASSESSED', 'AVERAGE', 'PASSING', 'ACCEPTABLE'], s.byRegion.map((g) => [g.group, g.assessed, pc(g.average), g.passing, g.acceptable])),
    '',
    'By kind',
    table(['KIND', 'ASSESSED', 'AVERAGE', 'PASSING', 'ACCEPTABLE'], s.byKind.map((g) => [g.group, g.assessed, pc(g.average), g.passing, g.acceptable])),
    '',
    'Trend (monthly average)',
    table(['MONTH', 'ASSESSED', 'AVERAGE'], s.trend.map((t) => [t.month, t.assessed, pc(t.average)])),
  ];
  return lines.join('\n');
}
