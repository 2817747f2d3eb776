import type { Selectable } from 'kysely';
import type { ReadinessActionTable, ReadinessExerciseTable } from '../../storage/schema.js';

export const exerciseTypes = ['tabletop', 'simulation', 'live'] as const;
export type ExerciseType = (typeof exerciseTypes)[number];
export const actionStatuses = ['open', 'in-progress', 'done'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export type ActionView = { id: string; exerciseId: string; odsCode: string; description: string; owner: string; dueOn: string; status: ActionStatus; completedAt: string | null; overdue: boolean };

export type ExerciseView = {
  id: string;
  odsCode: string;
  heldOn: string;
  type: ExerciseType;
  scenario: string;
  participants: string[];
  nationalBodiesContacted: boolean;
  findings: string;
  actions: ActionView[];
};

/** An action is overdue when it is not done and its due day has passed (by the injected clock). */
export function actionView(row: Selectable<ReadinessActionTable>, odsCode: string, today: string): ActionView {
  const status = row.status as ActionStatus;
  return { id: row.id, exerciseId: row.exercise_id, odsCode, description: row.description, owner: row.owner, dueOn: row.due_on, status, completedAt: row.completed_at, overdue: status !== 'done' && row.due_on < today };
}

export function exerciseView(row: Selectable<ReadinessExerciseTable>, odsCode: string, actions: ActionView[]): ExerciseView {
  return {
    id: row.id, odsCode, heldOn: row.held_on, type: row.type as ExerciseType, scenario: row.scenario, participants: JSON.parse(row.participants) as string[],
    nationalBodiesContacted: row.national_bodies_contacted === 1, findings: row.findings, actions,
  };
}
