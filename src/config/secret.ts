import { inspect } from 'node:util';

const redacted = '[redacted]';

/**
 * A setting that must never be printed (an API key). It reveals its value only on request; as
 * text, as JSON and under `util.inspect` (what loggers and `console.log` use) it shows `[redacted]`.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return redacted;
  }
  toJSON(): string {
    return redacted;
  }
  [inspect.custom](): string {
    return redacted;
  }
}
