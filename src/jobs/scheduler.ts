import type { ServiceContext } from '../services/context.js';
import { recomputeStale } from '../services/alerts/recompute-alerts.js';
import { runAlertDeadlines } from '../services/alerts/run-alert-deadlines.js';
import { closeEndedDrills } from '../services/drills/close-drill.js';

/**
 * A periodic task. Tasks must be safe when two processes run them at once (PostgreSQL): they
 * claim rows (lock, re-check, change) and give every notice a dedupe key, so doubles do nothing.
 * The time they act on is `context.clock`, never the wall clock, so tests move it by hand.
 */
export type ScheduledTask = { name: string; run(context: ServiceContext): Promise<unknown> };

export type TaskOutcome = { name: string; ok: true; result: unknown } | { name: string; ok: false; error: string };

/** Ward's tasks, in order: catch up exposure first so deadlines judge fresh evidence. */
export const scheduledTasks: readonly ScheduledTask[] = [
  { name: 'alert-exposure-catch-up', run: recomputeStale },
  { name: 'alert-deadlines', run: runAlertDeadlines },
  { name: 'drill-windows', run: closeEndedDrills },
];

/** Runs each task once; one failing task is reported and does not stop the others. */
export async function runScheduledTasks(context: ServiceContext, tasks: readonly ScheduledTask[] = scheduledTasks): Promise<TaskOutcome[]> {
  const outcomes: TaskOutcome[] = [];
  for (const task of tasks) {
    try {
      outcomes.push({ name: task.name, ok: true, result: await task.run(context) });
    } catch (error) {
      outcomes.push({ name: task.name, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
