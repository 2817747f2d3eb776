import { invalidInput } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { actionView, exerciseTypes, exerciseView, type ExerciseType, type ExerciseView } from './exercise-view.js';
import { actorLabel, calendarDay, organisationFor, requiredText, today } from './readiness-input.js';

export type ExerciseActionInput = { description: string; owner: string; dueOn: string };

export type AddExerciseInput = {
  odsCode: string;
  heldOn: string;
  type: string;
  scenario: string;
  participants: string[];
  nationalBodiesContacted: boolean;
  findings: string;
  actions?: ExerciseActionInput[];
};

/** Records an exercise the organisation held, its findings and the actions it gave rise to (all open). */
export async function addExercise(context: ServiceContext, actor: Actor, input: AddExerciseInput): Promise<ExerciseView> {
  const organisation = await organisationFor(context, actor, 'readiness:manage', input.odsCode);
  if (!(exerciseTypes as readonly string[]).includes(input.type)) throw invalidInput(`type must be one of ${exerciseTypes.join(', ')}`, { type: 'unknown' });
  const participants = input.participants.map((p) => p.trim()).filter((p) => p !== '');
  if (participants.length === 0) throw invalidInput('Name at least one participant', { participants: 'missing' });
  const now = context.clock.now();
  const nowText = now.toISOString();
  const exercise = {
    id: newId(), organisation_id: organisation.id, held_on: calendarDay(input.heldOn, 'heldOn'), type: input.type as ExerciseType,
    scenario: requiredText(input.scenario, 'scenario', 500), participants: JSON.stringify(participants),
    national_bodies_contacted: input.nationalBodiesContacted ? 1 : 0, findings: input.findings.trim().slice(0, 20_000), created_by: actorLabel(actor), created_at: nowText,
  };
  const actions = (input.actions ?? []).map((a, index) => ({
    id: newId(), organisation_id: organisation.id, exercise_id: exercise.id, description: requiredText(a.description, `actions.${index}.description`, 2000),
    owner: requiredText(a.owner, `actions.${index}.owner`, 200), due_on: calendarDay(a.dueOn, `actions.${index}.dueOn`), status: 'open', completed_at: null, created_at: nowText, updated_at: nowText,
  }));
  await context.database.db.transaction().execute(async (trx) => {
    await trx.insertInto('readiness_exercises').values(exercise).execute();
    for (const action of actions) await trx.insertInto('readiness_actions').values(action).execute();
    await appendAudit(trx, context.database.capabilities, actor, {
      action: 'exercise.recorded', objectType: 'exercise', objectId: exercise.id, organisationId: organisation.id,
      details: { heldOn: exercise.held_on, type: exercise.type, scenario: exercise.scenario, participants, nationalBodiesContacted: input.nationalBodiesContacted, actions: actions.length },
    }, now);
  });
  const day = today(context);
  return exerciseView(exercise, organisation.odsCode, actions.map((a) => actionView(a, organisation.odsCode, day)));
}
