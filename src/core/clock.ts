/** Time is passed in, never read from a global, so lockouts and expiries are testable. */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };
