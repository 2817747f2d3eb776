import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { startPeriodicLoop, type PeriodicLoop } from '../../core/periodic-loop.js';
import { processDueAssessments, type DueOutcome } from './process-due-assessments.js';

export type ReassessmentLoop = PeriodicLoop;

export type ReassessmentLoopOptions = {
  intervalMs: number;
  /** Told about every round that did something, and about errors; `ward serve` logs them. */
  onRound?: (outcomes: DueOutcome[]) => void;
  onError?: (error: unknown) => void;
};

/** The background re-assessment of `ward serve`: every interval, one round of processDueAssessments. */
export function startReassessmentLoop(context: ServiceContext, actor: Actor, options: ReassessmentLoopOptions): ReassessmentLoop {
  return startPeriodicLoop(
    async () => {
      const outcomes = await processDueAssessments(context, actor);
      if (outcomes.length > 0) options.onRound?.(outcomes);
    },
    { intervalMs: options.intervalMs, ...(options.onError ? { onError: options.onError } : {}) },
  );
}
