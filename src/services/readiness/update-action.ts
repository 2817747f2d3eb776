import { invalidInput, notFound } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { actionStatuses, actionView, type ActionStatus, type ActionView } from './exercise-view.js';
import { calendarDay, organisationFor, requiredText, today } from './readiness-input.js';

export type UpdateActionInput = { odsCode: string; actionId: string; status?: string; owner?: string; dueOn?: string };

/** Moves an exercise action on (open → in progress → done), or changes its owner or due day. */
export async function updateAction(context: ServiceContext, actor: Actor, input: UpdateActionInput): Promise<ActionView> {
  const organisation = await organisationFor(context, actor, 'readiness:manage', input.odsCode);
  if (input.status !== undefined && !(actionStatuses as readonly string[]).includes(input.status)) throw invalidInput(`status must be one of ${actionStatuses.join(', ')}`, { status: 'unknown' });
  const status = input.status as ActionStatus | undefined;
  const owner = input.owner !== undefined ? requiredText(input.owner, 'owner', 200) : undefined;
  const dueOn = input.dueOn !== undefined ? calendarDay(input.dueOn, 'dueOn') : undefined;
  const now = context.clock.now();
  const nowText = now.toISOString();
  return context.database.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('readiness_actions').selectAll().where('organisation_id', '=', organisation.id).where('id', '=', input.actionId).executeTakeFirst();
    if (!row) throw notFound('Action');
    const changes = {
      ...(status !== undefined ? { status, completed_at: status === 'done' ? (row.completed_at ?? nowText) : null } : {}),
      ...(owner !== undefined ? { owner } : {}),
      ...(dueOn !== undefined ? { due_on: dueOn } : {}),
      updated_at: nowText,
    };
    await trx.updateTable('readiness_actions').set(changes).where('organisation_id', '=', organisation.id).where('id', '=', row.id).execute();
    await appendAudit(trx, context.database.capabilities, actor, {
      action: 'exercise-action.updated', objectType: 'exercise-action', objectId: row.id, organisationId: organisation.id,
      details: { from: { status: row.status, owner: row.owner, dueOn: row.due_on }, to: { status: status ?? row.status, owner: owner ?? row.owner, dueOn: dueOn ?? row.due_on } },
    }, now);
    return actionView({ ...row, ...changes }, organisation.odsCode, today(context));
  });
}
