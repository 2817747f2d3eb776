import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { incidentTotals, listIncidents } from '../../services/incidents/list-incidents.js';
import { reportIncident } from '../../services/incidents/report-incident.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report, table } from '../output.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const pounds = (n: number) => `£${n.toLocaleString('en-GB')}`;

function wholeNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.replace(/[,_]/g, ''))) throw invalidInput(`${option} takes a whole number (got "${value}")`, { [option]: 'invalid' });
  return Number(value.replace(/[,_]/g, ''));
}

/** `ward incident …`: incident reports and the national register. */
export function registerIncidentCommands(program: Command): void {
  const incident = program.command('incident').description('incident reports and their impact');
  incident
    .command('report')
    .description('report an incident of an organisation with its impact')
    .requiredOption('--org <code>', 'the organisation (ODS code)')
    .requiredOption('--type <type>', 'ransomware, malware, phishing, data-breach, denial-of-service, supplier, insider or other')
    .requiredOption('--summary <text>', 'what happened')
    .requiredOption('--start <datetime>', 'when it started, e.g. 2026-05-12T11:00:00Z')
    .option('--end <datetime>', 'when it ended')
    .option('--system <name>', 'a system affected (repeatable)', collect)
    .option('--service <name>', 'a service affected (repeatable)', collect)
    .option('--appointments <n>', 'appointments cancelled')
    .option('--operations <n>', 'operations cancelled')
    .option('--cost <pounds>', 'estimated cost in whole pounds')
    .option('--national-support', 'national support was requested')
    .option('--alert <reference>', 'a related alert this organisation was sent')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org: string; type: string; summary: string; start: string; end?: string; system?: string[]; service?: string[]; appointments?: string; operations?: string; cost?: string; nationalSupport?: boolean; alert?: string }>();
      const reported = await withCommandContext(o, ({ services, actor }) =>
        reportIncident(services, actor, {
          odsCode: o.org, type: o.type, summary: o.summary, startedAt: o.start, endedAt: o.end ?? null, systemsAffected: o.system ?? [], servicesAffected: o.service ?? [],
          appointmentsCancelled: wholeNumber(o.appointments, 'appointments') ?? 0, operationsCancelled: wholeNumber(o.operations, 'operations') ?? 0,
          estimatedCostPounds: wholeNumber(o.cost, 'cost') ?? 0, nationalSupportRequested: o.nationalSupport === true, alertReference: o.alert ?? null,
        }),
      );
      report(o, reported, () => `Reported ${reported.reference} (${reported.type}) for ${reported.odsCode}: ${reported.appointmentsCancelled} appointment(s) and ${reported.operationsCancelled} operation(s) cancelled, ${pounds(reported.estimatedCostPounds)}`);
    });
  incident
    .command('list')
    .description("an organisation's incidents (--org), or the national register")
    .option('--org <code>', 'the organisation (ODS code)')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org?: string }>();
      const incidents = await withCommandContext(o, ({ services, actor }) => listIncidents(services, actor, o.org ?? null));
      report(o, { incidents }, () =>
        incidents.length === 0 ? 'No incidents.' : table(['reference', 'org', 'type', 'started', 'appointments', 'operations', 'cost', 'national support', 'alert'], incidents.map((i) => [i.reference, i.odsCode, i.type, i.startedAt, i.appointmentsCancelled, i.operationsCancelled, pounds(i.estimatedCostPounds), i.nationalSupportRequested ? 'yes' : 'no', i.alertReference])),
      );
    });
  incident
    .command('totals')
    .description('national impact: totals, per month and per type')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions>();
      const totals = await withCommandContext(o, ({ services, actor }) => incidentTotals(services, actor));
      const t = totals.totals;
      report(o, totals, () =>
        [
          `${t.incidents} incident(s): ${t.appointmentsCancelled} appointment(s) and ${t.operationsCancelled} operation(s) cancelled, estimated ${pounds(t.estimatedCostPounds)}; national support requested ${t.nationalSupportRequested} time(s).`,
          '',
          table(['month', 'incidents', 'appointments', 'operations', 'cost'], totals.byMonth.map((m) => [m.month, m.incidents, m.appointmentsCancelled, m.operationsCancelled, pounds(m.estimatedCostPounds)])),
        ].join('\n'),
      );
    });
}
