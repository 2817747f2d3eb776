import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { processDueAssessments, type DueOutcome } from './process-due-assessments.js';

export type ReassessmentLoop = { stop(): Promise<void> };

export type ReassessmentLoopOptions = {
  intervalMs: number;
  /** Told about every round that did something, and about errors; `ward serve` logs them. */
  onRound?: (outcomes: DueOutcome[]) => void;
  onError?: (error: unknown) => void;
};

/**
 * The background re-assessment of `ward serve`: every interval, one round of processDueAssessments.
 * Rounds never overlap; stop() waits for a round in progress. The timer does not keep the process
 * alive on its own.
 */
export function startReassessmentLoop(context: ServiceContext, actor: Actor, options: ReassessmentLoopOptions): ReassessmentLoop {
  let running: Promise<void> | null = null;
  let stopped = false;
  const round = () => {
    if (running !== null || stopped) return;
    running = processDueAssessments(context, actor)
      .then((outcomes) => {
        if (outcomes.length > 0) options.onRound?.(outcomes);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(round, options.intervalMs);
  timer.unref();
  round();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
