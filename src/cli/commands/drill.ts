import { InvalidArgumentError, type Command } from 'commander';
import { closeDrill } from '../../services/drills/close-drill.js';
import { drillReport, listDrills, type DrillReport } from '../../services/drills/drill-report.js';
import { startDrill } from '../../services/drills/start-drill.js';
import { messageChannels, type MessageChannel } from '../../services/readiness/contact-view.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report, table } from '../output.js';

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
const collectChannel = (value: string, previous: MessageChannel[] | undefined): MessageChannel[] => {
  const channel = messageChannels.find((c) => c === value);
  if (!channel) throw new InvalidArgumentError(`"${value}" is not a channel: use ${messageChannels.join(', ')}`);
  return [...(previous ?? []), channel];
};
const duration = (seconds: number | null) => (seconds === null ? '-' : seconds < 3600 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`);

function reportText(r: DrillReport): string {
  const t = r.timeToAcknowledge;
  return [
    `${r.reference}: ${r.title} (${r.state}; started ${r.startedAt}, window ends ${r.windowEndsAt})`,
    `Organisations: ${r.totals.organisations}, reached ${r.totals.reached}, not reached ${r.totals.notReached}, awaiting ${r.totals.awaiting}. Messages: ${r.totals.messages}, acknowledged ${r.totals.acknowledgedMessages}.`,
    `Time to acknowledge (first per organisation, ${t.count}): min ${duration(t.min)}, median ${duration(t.median)}, p90 ${duration(t.p90)}, max ${duration(t.max)}`,
    '',
    table(['channel', 'messages', 'delivered', 'failed', 'pending', 'acknowledged', '%'], r.byChannel.map((c) => [c.channel, c.messages, c.delivered, c.failed, c.pending, c.acknowledged, c.acknowledgedPercent])),
    '',
    table(['org', 'name', 'messages', 'reached', 'after', 'channel', 'by'], r.organisations.map((o) => [o.odsCode, o.name, o.messages, o.reached ? 'yes' : o.notReached ? 'NOT REACHED' : 'awaiting', duration(o.secondsToAcknowledge), o.firstChannel, o.acknowledgedBy])),
  ].join('\n');
}

/** `ward drill …`: communication drills run by the national team. */
export function registerDrillCommands(program: Command): void {
  const drill = program.command('drill').description('communication drills: message every contact, measure who answers and how fast');
  drill
    .command('start')
    .description('start a drill: every contact of the organisations is sent a one-time link on every channel (delivered by `ward worker`)')
    .requiredOption('--title <text>', 'what the drill tests')
    .option('--org <code>', 'only these organisations (repeatable or comma-separated; default: all)', collect)
    .option('--region <name>', 'only organisations of this region (with --org: both must hold)')
    .option('--kind <kind>', 'only organisations of this kind (trust, icb, …)')
    .option('--channel <channel>', `only this channel: ${messageChannels.join(', ')} (repeatable; default: every channel a contact has)`, collectChannel)
    .option('--window-hours <n>', 'how long contacts have to acknowledge; links expire then', '4')
    .option('--reference <ref>', 'e.g. DR-2026-0001 (default: the next of the year)')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { title: string; org?: string[]; region?: string; kind?: string; channel?: MessageChannel[]; windowHours: string; reference?: string }>();
      const started = await withCommandContext(o, ({ services, actor, settings }) =>
        startDrill(services, actor, {
          title: o.title,
          odsCodes: o.org ?? [],
          windowHours: Number(o.windowHours),
          publicUrl: settings.http.publicUrl,
          ...(o.region ? { region: o.region } : {}),
          ...(o.kind ? { kind: o.kind } : {}),
          ...(o.channel ? { channels: o.channel } : {}),
          ...(o.reference ? { reference: o.reference } : {}),
        }),
      );
      report(o, started, () =>
        [
          `Started ${started.reference}: ${started.messages} message(s) to ${started.organisations} organisation(s); acknowledge by ${started.windowEndsAt}.`,
          ...(started.withoutContacts.length ? [`No contact to message (will be flagged): ${started.withoutContacts.join(', ')}`] : []),
        ].join('\n'),
      );
    });
  drill
    .command('status')
    .description('every drill and how many organisations acknowledged')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions>();
      const drills = await withCommandContext(o, ({ services, actor }) => listDrills(services, actor));
      report(o, { drills }, () => (drills.length === 0 ? 'No drills.' : table(['reference', 'state', 'started', 'window ends', 'reached', 'title'], drills.map((d) => [d.reference, d.state, d.startedAt, d.windowEndsAt, `${d.reached}/${d.organisations}`, d.title]))));
    });
  drill
    .command('report <reference>')
    .description('reach by channel, time to acknowledge (min, median, p90, max) and the organisations not reached')
    .action(async (reference: string, _options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions>();
      const result = await withCommandContext(o, ({ services, actor }) => drillReport(services, actor, reference));
      report(o, result, () => reportText(result));
    });
  drill
    .command('close <reference>')
    .description('end a drill now: links stop working, organisations that never acknowledged are flagged (the worker does this at the window end)')
    .action(async (reference: string, _options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions>();
      const closed = await withCommandContext(o, ({ services, actor }) => closeDrill(services, actor, reference));
      report(o, closed, () => `Closed ${closed.reference}. Not reached: ${closed.flagged.length ? closed.flagged.join(', ') : 'none'}`);
    });
}
