import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseObservation } from '../../services/alerts/alert-conditions.js';
import { issueAlert } from '../../services/alerts/issue-alert.js';
import { alertBoard, listAlerts, listOrganisationAlerts, organisationAlertStatus } from '../../services/alerts/read-alerts.js';
import { recomputeAlert } from '../../services/alerts/recompute-alerts.js';
import { acknowledgeAlert, approveAlertException, rejectAlertException, requestAlertException } from '../../services/alerts/respond-to-alert.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report, table } from '../output.js';

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

type IssueOptions = GlobalOptions & {
  reference?: string; title: string; severity: string; description?: string; descriptionFile?: string; guidance?: string; guidanceFile?: string;
  conditionsFile?: string; cve?: string[]; observation?: string[]; port?: string[]; windowsFixedBuild?: string[]; kb?: string[];
  all?: boolean; region?: string[]; kind?: string[]; org?: string[]; ackHours: string; remediationDays: string; escalationHours: string;
};

export function registerAlertCommands(program: Command): void {
  const alert = program.command('alert').description('critical alerts: issue, acknowledge, follow compliance');

  alert
    .command('issue')
    .description('issue a critical alert to organisations; exposure is computed from their current evidence')
    .requiredOption('--title <text>', 'what to do, e.g. "Patch MS17-010 now"')
    .option('--reference <ref>', 'e.g. CC-2026-0042 (default: the next CC-<year>-NNNN)')
    .option('--severity <level>', 'critical, high, medium or low', 'critical')
    .option('--description <markdown>', 'description (markdown)')
    .option('--description-file <path>', 'description from a markdown file')
    .option('--guidance <markdown>', 'guidance (markdown)')
    .option('--guidance-file <path>', 'guidance from a markdown file')
    .option('--cve <ids>', 'affected when a CVE is matched or named by a scanner finding (repeat or comma-separate)', collect)
    .option('--observation <key=value>', 'affected when a configuration observation has this value, e.g. smb1.enabled=true', collect)
    .option('--port <n>', 'affected when this TCP port is open', collect)
    .option('--windows-fixed-build <build>', 'affected when Windows of the same build line is below it, e.g. 6.1.7601.23689', collect)
    .option('--kb <kb>', 'with --windows-fixed-build: any of these KBs installed counts as fixed', collect)
    .option('--conditions-file <path>', 'conditions as JSON (also product + version ranges), merged with the options above')
    .option('--all', 'every organisation (the default when no other target is given)')
    .option('--region <name>', 'organisations of a region (repeatable)', collect)
    .option('--kind <kind>', 'organisations of a kind: trust, icb, gp-practice, other (repeatable)', collect)
    .option('--org <code>', 'an organisation by ODS code (repeatable)', collect)
    .option('--ack-hours <n>', 'acknowledgement deadline in hours', '48')
    .option('--remediation-days <n>', 'remediation deadline in days', '14')
    .option('--escalation-hours <n>', 'repeat escalations of overdue organisations every N hours', '24')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<IssueOptions>();
      const fromFile = o.conditionsFile ? (JSON.parse(readFileSync(o.conditionsFile, 'utf8')) as Record<string, unknown>) : {};
      const conditions: Record<string, unknown> = { ...fromFile };
      if (o.cve) conditions.cves = [...((fromFile.cves as string[] | undefined) ?? []), ...o.cve];
      if (o.observation) conditions.observations = [...((fromFile.observations as unknown[] | undefined) ?? []), ...o.observation.map(parseObservation)];
      if (o.port) conditions.ports = [...((fromFile.ports as unknown[] | undefined) ?? []), ...o.port.map((p) => ({ port: Number(p) }))];
      if (o.windowsFixedBuild) conditions.windows = { fixedBuilds: o.windowsFixedBuild, kbs: o.kb ?? [] };
      const targeted = (o.region?.length ?? 0) + (o.kind?.length ?? 0) + (o.org?.length ?? 0) > 0;
      const target = { all: o.all === true || !targeted, regions: o.region ?? [], kinds: o.kind ?? [], odsCodes: o.org ?? [] };
      const issued = await withCommandContext(o, ({ services, actor }) =>
        issueAlert(services, actor, {
          title: o.title, severity: o.severity, conditions, target,
          ...(o.reference ? { reference: o.reference } : {}),
          description: o.descriptionFile ? readFileSync(o.descriptionFile, 'utf8') : (o.description ?? ''),
          guidance: o.guidanceFile ? readFileSync(o.guidanceFile, 'utf8') : (o.guidance ?? ''),
          ackHours: Number(o.ackHours), remediationDays: Number(o.remediationDays), escalationHours: Number(o.escalationHours),
        }),
      );
      report(o, issued, () =>
        [
          `Issued ${issued.reference} to ${issued.organisations} organisation(s): ${issued.exposedOrganisations} exposed, ${issued.affectedAssets} affected asset(s).`,
          `Acknowledge by ${issued.ackDeadline}; remediate by ${issued.remediationDeadline}.`,
          ...(issued.unknownCves.length ? [`Intel has no record of ${issued.unknownCves.join(', ')} yet (scanner findings naming them still count).`] : []),
        ].join('\n'),
      );
    });

  alert
    .command('ack')
    .description("acknowledge an alert for an organisation")
    .argument('<reference>', 'e.g. CC-2026-0042')
    .requiredOption('--org <code>', 'ODS code')
    .action(async (reference: string, _options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org: string }>();
      const result = await withCommandContext(o, ({ services, actor }) => acknowledgeAlert(services, actor, reference, o.org));
      report(o, result, () => `${result.alreadyAcknowledged ? 'Already acknowledged' : 'Acknowledged'} ${result.reference} for ${result.odsCode} at ${result.acknowledgedAt}${result.late ? ' (late)' : ''}`);
    });

  alert
    .command('status')
    .description('the national board of an alert, or one organisation\'s state with --org')
    .argument('<reference>', 'e.g. CC-2026-0042')
    .option('--org <code>', 'only this organisation, with its affected assets')
    .action(async (reference: string, _options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org?: string }>();
      if (o.org) {
        const org = o.org;
        const status = await withCommandContext(o, ({ services, actor }) => organisationAlertStatus(services, actor, reference, org));
        report(o, status, () =>
          [
            `${status.alert.reference} ${status.alert.title} — ${status.organisation.odsCode}: ${status.organisation.state}, ${status.organisation.affectedAssets} affected asset(s)`,
            ...status.affectedAssets.map((a) => `  ${a.hostname ?? a.deviceId}  ${a.reasons.join('; ')}`),
          ].join('\n'),
        );
        return;
      }
      const board = await withCommandContext(o, ({ services, actor }) => alertBoard(services, actor, reference));
      report(o, board, () =>
        [
          `${board.alert.reference} (${board.alert.severity}) ${board.alert.title}`,
          `Issued ${board.alert.issuedAt}; acknowledge by ${board.alert.ackDeadline}; remediate by ${board.alert.remediationDeadline}`,
          `${board.totals.organisations} organisation(s), ${board.totals.exposedNow} exposed now with ${board.totals.assetsExposedNow} asset(s); acknowledged in time ${board.totals.acknowledgedWithinDeadlinePercent}%, remediated in time ${board.totals.remediatedWithinDeadlinePercent ?? '–'}%`,
          '',
          table(['ODS', 'STATE', 'AFFECTED', 'ACKNOWLEDGED', 'ESCALATIONS'], board.organisations.map((r) => [r.odsCode, r.state, r.affectedAssets, r.acknowledgedAt, r.escalations])),
        ].join('\n'),
      );
    });

  alert
    .command('list')
    .description('alerts (all, or those of one organisation with --org)')
    .option('--org <code>', 'ODS code')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org?: string }>();
      const org = o.org;
      const alerts = await withCommandContext(o, ({ services, actor }) => (org ? listOrganisationAlerts(services, actor, org) : listAlerts(services, actor)));
      report(o, { alerts }, () =>
        alerts.length === 0 ? 'No alerts yet' : table(['REFERENCE', 'SEVERITY', 'ISSUED', 'ORGS', 'EXPOSED', 'OPEN', 'TITLE'], alerts.map((a) => [a.reference, a.severity, a.issuedAt, a.organisations, a.exposed, a.open, a.title])),
      );
    });

  alert
    .command('recompute')
    .description('recompute the exposure of every organisation to an alert (the worker does this after intel loads)')
    .argument('<reference>', 'e.g. CC-2026-0042')
    .action(async (reference: string, _options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions>();
      await withCommandContext(o, ({ services }) => recomputeAlert(services, reference));
      report(o, { recomputed: reference }, () => `Recomputed ${reference}`);
    });

  const exception = alert.command('exception').description('exceptions: an organisation requests, a national admin approves or rejects');
  exception
    .command('request')
    .argument('<reference>', 'e.g. CC-2026-0042')
    .requiredOption('--org <code>', 'ODS code')
    .requiredOption('--justification <text>', 'why the alert cannot be met')
    .requiredOption('--controls <text>', 'compensating controls meanwhile')
    .requiredOption('--expires <date>', 'when the exception ends, e.g. 2027-01-31')
    .action(async (reference: string, _options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org: string; justification: string; controls: string; expires: string }>();
      const result = await withCommandContext(o, ({ services, actor }) => requestAlertException(services, actor, reference, o.org, { justification: o.justification, compensatingControls: o.controls, expiresAt: o.expires }));
      report(o, result, () => `Exception requested for ${result.odsCode} on ${result.reference} until ${result.expiresAt}`);
    });
  exception
    .command('approve')
    .argument('<reference>', 'e.g. CC-2026-0042')
    .requiredOption('--org <code>', 'ODS code')
    .action(async (reference: string, _options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org: string }>();
      const result = await withCommandContext(o, ({ services, actor }) => approveAlertException(services, actor, reference, o.org));
      report(o, result, () => `Exception approved for ${result.odsCode} on ${result.reference} until ${result.expiresAt}`);
    });
  exception
    .command('reject')
    .argument('<reference>', 'e.g. CC-2026-0042')
    .requiredOption('--org <code>', 'ODS code')
    .option('--reason <text>', 'told to the organisation with the refusal')
    .action(async (reference: string, _options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org: string; reason?: string }>();
      const result = await withCommandContext(o, ({ services, actor }) => rejectAlertException(services, actor, reference, o.org, o.reason !== undefined ? { reason: o.reason } : {}));
      report(o, result, () => `Exception rejected for ${result.odsCode} on ${result.reference}; it stays ${result.status}`);
    });
}
