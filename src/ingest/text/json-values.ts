/** Narrowing helpers for JSON documents whose shape is only partly trusted. */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A non-blank string, trimmed; anything else is undefined. */
export const nonBlankString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

export const arrayOrEmpty = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
