/**
 * At most `limit` tasks run at once; the others wait their turn in arrival order. Nothing is
 * refused: a caller waits instead of failing when the resource behind the gate is busy.
 */
export type ConcurrencyGate = {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now, and tasks waiting for a turn. */
  readonly active: number;
  readonly waiting: number;
  /** Resolves once nothing runs and nothing waits: a stopping server lets accepted work finish before it closes the database. */
  drain(): Promise<void>;
};

export function concurrencyGate(limit: number): ConcurrencyGate {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a concurrency gate needs a limit of at least 1, not ${String(limit)}`);
  let active = 0;
  const queue: (() => void)[] = [];
  let drained: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active -= 1;
    if (active === 0) {
      for (const resolve of drained) resolve();
      drained = [];
    }
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      // A finishing task hands its slot straight to the first waiter, so `active` never dips and no newcomer jumps the queue.
      if (active < limit) active += 1;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    drain() {
      return active === 0 ? Promise.resolve() : new Promise<void>((resolve) => drained.push(resolve));
    },
  };
}
