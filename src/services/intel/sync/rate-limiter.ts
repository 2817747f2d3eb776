import type { Clock } from '../../../core/clock.js';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * At most `limit` requests in any rolling `windowMs`: before a request, waits until the oldest of
 * the last `limit` requests has left the window. Time and waiting are injected, so tests run the
 * NVD's 5-per-30-seconds rule without sleeping.
 */
export class RollingRateLimiter {
  readonly #starts: number[] = [];
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {}

  async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      while (this.#starts.length > 0 && (this.#starts[0] ?? 0) <= now - this.windowMs) this.#starts.shift();
      if (this.#starts.length < this.limit) {
        this.#starts.push(now);
        return;
      }
      await this.sleep((this.#starts[0] ?? now) + this.windowMs - now);
    }
  }
}
