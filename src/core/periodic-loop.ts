export type PeriodicLoop = { stop(): Promise<void> };

/**
 * Runs `round` now and then every `intervalMs` inside a serving process. Rounds never overlap (a
 * tick while one runs is skipped); stop() waits for a round in progress; an error is handed to
 * `onError` and the next round runs as usual. The timer does not keep the process alive on its own.
 */
export function startPeriodicLoop(round: () => Promise<void>, options: { intervalMs: number; onError?: (error: unknown) => void }): PeriodicLoop {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running !== null || stopped) return;
    running = round()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
