/** Per key: the last run started or queued, and the queued run not started yet. */
type Slot = { tail: Promise<void>; queued: Promise<void> | undefined };

/**
 * Runs of one task per key that never overlap and coalesce: `request(key)` settles after a run
 * that STARTED after the request (so it sees whatever the caller committed before asking), and
 * every request made while a run is still only queued shares that run. N requests arriving during
 * one run cost one more run, not N. A failed run rejects only the requests that shared it.
 */
export class CoalescedRuns {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly task: (key: string) => Promise<unknown>) {}

  request(key: string): Promise<void> {
    const known = this.slots.get(key);
    if (known?.queued) return known.queued;
    const slot: Slot = known ?? { tail: Promise.resolve(), queued: undefined };
    const run = slot.tail.then(async () => {
      slot.queued = undefined;
      await this.task(key);
    });
    const settled = run.catch(() => undefined);
    slot.queued = run;
    slot.tail = settled;
    this.slots.set(key, slot);
    void settled.then(() => {
      if (slot.tail === settled && this.slots.get(key) === slot) this.slots.delete(key);
    });
    return run;
  }

  /** Keys with a run in progress or queued; none once every run has settled. */
  get busy(): number {
    return this.slots.size;
  }
}
