import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { actionView, exerciseView, type ExerciseView } from './exercise-view.js';
import { organisationFor, today } from './readiness-input.js';

/** An organisation's exercises, newest first, each with its actions. */
export async function listExercises(context: ServiceContext, actor: Actor, odsCode: string): Promise<ExerciseView[]> {
  const organisation = await organisationFor(context, actor, 'readiness:read', odsCode);
  const { db } = context.database;
  const exercises = await db.selectFrom('readiness_exercises').selectAll().where('organisation_id', '=', organisation.id).orderBy('held_on', 'desc').orderBy('created_at', 'desc').execute();
  const actions = await db.selectFrom('readiness_actions').selectAll().where('organisation_id', '=', organisation.id).orderBy('due_on').orderBy('id').execute();
  const day = today(context);
  return exercises.map((e) =>
    exerciseView(e, organisation.odsCode, actions.filter((a) => a.exercise_id === e.id).map((a) => actionView(a, organisation.odsCode, day))),
  );
}
