import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { addContact } from '../../services/readiness/add-contact.js';
import { addExercise, type ExerciseActionInput } from '../../services/readiness/add-exercise.js';
import { listContacts } from '../../services/readiness/list-contacts.js';
import { listExercises } from '../../services/readiness/list-exercises.js';
import { listOverdueActions } from '../../services/readiness/list-overdue-actions.js';
import { listPlans, nationalPlanStatus } from '../../services/readiness/list-plans.js';
import { updateAction } from '../../services/readiness/update-action.js';
import { uploadPlan } from '../../services/readiness/upload-plan.js';
import type { ActionView } from '../../services/readiness/exercise-view.js';
import { withCommandContext, type GlobalOptions } from '../command-context.js';
import { report, table } from '../output.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--action "description|owner|2026-12-31"`. */
function exerciseAction(text: string): ExerciseActionInput {
  const [description, owner, dueOn, ...rest] = text.split('|').map((part) => part.trim());
  if (!description || !owner || !dueOn || rest.length > 0) throw invalidInput(`--action needs "description|owner|YYYY-MM-DD" (got "${text.slice(0, 80)}")`, { action: 'malformed' });
  return { description, owner, dueOn };
}

const actionRows = (actions: ActionView[]) => table(['id', 'org', 'due', 'status', 'owner', 'action'], actions.map((a) => [a.id, a.odsCode, `${a.dueOn}${a.overdue ? ' OVERDUE' : ''}`, a.status, a.owner, a.description]));

/** `ward contact`, `ward plan`, `ward exercise`, `ward action`: incident readiness. */
export function registerReadinessCommands(program: Command): void {
  const contact = program.command('contact').description('emergency contacts of an organisation or of the national team');
  contact
    .command('add')
    .description('add a named contact with its channels (at least one); without --org, a national team contact')
    .option('--org <code>', 'the organisation (ODS code)')
    .requiredOption('--name <name>', 'the person')
    .requiredOption('--role <role>', 'e.g. "Head of IT", "SIRO", "On-call manager"')
    .option('--email <address>', 'primary e-mail')
    .option('--alt-email <address>', 'out-of-band e-mail, on another domain than the primary (outside the organisation\'s mail system)')
    .option('--phone <number>', 'telephone (recorded for people to call; drills do not ring it)')
    .option('--webhook <url>', 'a URL told about drills, signed like alert webhooks (needs WARD_SECRET_KEY); the secret is shown once')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org?: string; name: string; role: string; email?: string; altEmail?: string; phone?: string; webhook?: string }>();
      const added = await withCommandContext(o, ({ services, actor, settings }) =>
        addContact(services, actor, { odsCode: o.org ?? null, name: o.name, role: o.role, email: o.email ?? null, altEmail: o.altEmail ?? null, phone: o.phone ?? null, webhookUrl: o.webhook ?? null, secretKey: settings.notifications.secretKey }),
      );
      report(o, added, () => [`Added contact ${added.name} (${added.role}) for ${added.odsCode ?? 'the national team'}: ${added.id}`, ...(added.webhookSecret ? [`Webhook signing secret (shown once): ${added.webhookSecret}`] : [])].join('\n'));
    });
  contact
    .command('list')
    .description("an organisation's contacts (--org), or the national team's")
    .option('--org <code>', 'the organisation (ODS code)')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org?: string }>();
      const contacts = await withCommandContext(o, ({ services, actor }) => listContacts(services, actor, o.org ?? null));
      report(o, { contacts }, () => (contacts.length === 0 ? 'No contacts.' : table(['name', 'role', 'email', 'out-of-band e-mail', 'phone', 'webhook'], contacts.map((c) => [c.name, c.role, c.email, c.altEmail, c.phone, c.webhookUrl]))));
    });

  const plan = program.command('plan').description('incident-response plans');
  plan
    .command('upload <file>')
    .description('upload a version of the plan (PDF or DOCX, checked from its content); the newest upload is current')
    .requiredOption('--org <code>', 'the organisation (ODS code)')
    .requiredOption('--version <version>', 'the plan\'s version, e.g. 3.1')
    .requiredOption('--owner <owner>', 'who owns the plan')
    .requiredOption('--approved <date>', 'approval date, YYYY-MM-DD')
    .requiredOption('--next-review <date>', 'next review date, YYYY-MM-DD')
    .action(async (file: string, _options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org: string; version: string; owner: string; approved: string; nextReview: string }>();
      const uploaded = await withCommandContext(o, ({ services, actor }) =>
        uploadPlan(services, actor, { odsCode: o.org, fileName: file, content: readFileSync(file), version: o.version, owner: o.owner, approvedOn: o.approved, nextReviewOn: o.nextReview }),
      );
      report(o, uploaded, () => `Stored plan ${uploaded.version} of ${uploaded.odsCode} (${uploaded.documentType.toUpperCase()}, ${uploaded.sizeBytes} bytes, SHA-256 ${uploaded.sha256}); next review ${uploaded.nextReviewOn}`);
    });
  plan
    .command('list')
    .description("every version of an organisation's plan, current first")
    .requiredOption('--org <code>', 'the organisation (ODS code)')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org: string }>();
      const plans = await withCommandContext(o, ({ services, actor }) => listPlans(services, actor, o.org));
      report(o, { plans }, () => (plans.length === 0 ? 'No plan uploaded.' : table(['version', 'owner', 'approved', 'next review', 'type', 'file', 'sha256'], plans.map((p) => [p.version, p.owner, p.approvedOn, p.nextReviewOn, p.documentType, p.fileName, p.sha256.slice(0, 16)]))));
    });
  plan
    .command('overdue')
    .description('national view: organisations whose plan is missing or past its review date (--all: every organisation)')
    .option('--all', 'list current plans too')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { all?: boolean }>();
      const status = await withCommandContext(o, ({ services, actor }) => nationalPlanStatus(services, actor, { problemsOnly: o.all !== true }));
      report(o, status, () =>
        [
          `As of ${status.asOf}: ${status.totals.organisations} organisations, ${status.totals.missing} without a plan, ${status.totals.overdue} overdue for review, ${status.totals.current} current.`,
          ...(status.organisations.length ? [table(['org', 'name', 'status', 'version', 'next review', 'days overdue'], status.organisations.map((s) => [s.odsCode, s.name, s.status, s.version, s.nextReviewOn, s.daysOverdue]))] : []),
        ].join('\n'),
      );
    });

  const exercise = program.command('exercise').description('incident-response exercises and their actions');
  exercise
    .command('add')
    .description('record an exercise, its findings and actions')
    .requiredOption('--org <code>', 'the organisation (ODS code)')
    .requiredOption('--date <date>', 'when it was held, YYYY-MM-DD')
    .requiredOption('--type <type>', 'tabletop, simulation or live')
    .requiredOption('--scenario <text>', 'e.g. "ransomware on the PAS"')
    .requiredOption('--participant <name>', 'who took part (repeatable)', collect)
    .option('--national-bodies-contacted', 'the national bodies were contacted during the exercise')
    .option('--findings <text>', 'what was learnt', '')
    .option('--action <description|owner|due>', 'an action with its owner and due date (repeatable)', collect)
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org: string; date: string; type: string; scenario: string; participant: string[]; nationalBodiesContacted?: boolean; findings: string; action?: string[] }>();
      const added = await withCommandContext(o, ({ services, actor }) =>
        addExercise(services, actor, { odsCode: o.org, heldOn: o.date, type: o.type, scenario: o.scenario, participants: o.participant, nationalBodiesContacted: o.nationalBodiesContacted === true, findings: o.findings, actions: (o.action ?? []).map(exerciseAction) }),
      );
      report(o, added, () => [`Recorded ${added.type} exercise ${added.id} of ${added.odsCode} on ${added.heldOn} with ${added.actions.length} action(s).`, ...(added.actions.length ? [actionRows(added.actions)] : [])].join('\n'));
    });
  exercise
    .command('list')
    .description("an organisation's exercises with their actions")
    .requiredOption('--org <code>', 'the organisation (ODS code)')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org: string }>();
      const exercises = await withCommandContext(o, ({ services, actor }) => listExercises(services, actor, o.org));
      report(o, { exercises }, () =>
        exercises.length === 0
          ? 'No exercises.'
          : exercises.map((e) => [`${e.heldOn} ${e.type}: ${e.scenario} (${e.participants.join(', ')}; national bodies contacted: ${e.nationalBodiesContacted ? 'yes' : 'no'})`, ...(e.actions.length ? [actionRows(e.actions)] : [])].join('\n')).join('\n\n'),
      );
    });

  const action = program.command('action').description('actions from exercises');
  action
    .command('update <id>')
    .description('change an action\'s status (open, in-progress, done), owner or due date')
    .requiredOption('--org <code>', 'the organisation (ODS code)')
    .option('--status <status>', 'open, in-progress or done')
    .option('--owner <owner>', 'new owner')
    .option('--due <date>', 'new due date, YYYY-MM-DD')
    .action(async (id: string, _options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org: string; status?: string; owner?: string; due?: string }>();
      const updated = await withCommandContext(o, ({ services, actor }) =>
        updateAction(services, actor, { odsCode: o.org, actionId: id, ...(o.status ? { status: o.status } : {}), ...(o.owner ? { owner: o.owner } : {}), ...(o.due ? { dueOn: o.due } : {}) }),
      );
      report(o, updated, () => actionRows([updated]));
    });
  action
    .command('overdue')
    .description('actions past their due date and not done: one organisation (--org) or all (national)')
    .option('--org <code>', 'the organisation (ODS code)')
    .action(async (_options: unknown, command: Command) => {
      const o = command.optsWithGlobals<GlobalOptions & { org?: string }>();
      const actions = await withCommandContext(o, ({ services, actor }) => listOverdueActions(services, actor, o.org ?? null));
      report(o, { actions }, () => (actions.length === 0 ? 'No overdue actions.' : actionRows(actions)));
    });
}
