/**
 * Lets the event loop answer waiting requests before going on. On SQLite every query completes
 * without waiting, so long work (a big import, an estate's exposure, a round of re-assessments)
 * would otherwise hold the serving process for its whole length.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
