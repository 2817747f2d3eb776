import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { ServiceContext } from '../services/context.js';
import { newId } from '../services/ids.js';
import { drainOutbox, type DrainResult, type OutboxDeliveryOptions } from '../services/outbox/deliver-outbox.js';
import { runScheduledTasks, scheduledTasks, type ScheduledTask, type TaskOutcome } from './scheduler.js';

export type WorkerOptions = {
  context: ServiceContext;
  delivery: Omit<OutboxDeliveryOptions, 'database' | 'clock' | 'workerId'> & { workerId?: string };
  tasks?: readonly ScheduledTask[];
};

export type WorkerTick = { tasks: TaskOutcome[]; outbox: DrainResult };

export function workerId(): string {
  return `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
}

/** One round: the scheduled tasks (deadlines, escalations, catch-up), then deliver what is due. */
export async function runWorkerOnce(options: WorkerOptions): Promise<WorkerTick> {
  const tasks = await runScheduledTasks(options.context, options.tasks ?? scheduledTasks);
  const outbox = await drainOutbox({ ...options.delivery, workerId: options.delivery.workerId ?? workerId(), database: options.context.database, clock: options.context.clock });
  return { tasks, outbox };
}

/** `ward worker`: rounds every `pollSeconds` until the signal aborts. */
export async function runWorkerLoop(options: WorkerOptions, loop: { pollSeconds: number; signal: AbortSignal; onTick?: (tick: WorkerTick) => void }): Promise<void> {
  const id = options.delivery.workerId ?? workerId();
  while (!loop.signal.aborted) {
    const tick = await runWorkerOnce({ ...options, delivery: { ...options.delivery, workerId: id } });
    loop.onTick?.(tick);
    try {
      await delay(loop.pollSeconds * 1000, undefined, { signal: loop.signal });
    } catch {
      break;
    }
  }
}
