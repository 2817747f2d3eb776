import { describeLocation, WardError, type SourceLocation } from '../../core/errors.js';

/**
 * The one way text parsers report an unreadable document, so every message starts with
 * `file:line:column` and the location is also kept structured for the UI.
 */
export function unreadable(message: string, location: SourceLocation, cause?: unknown): WardError {
  const where = describeLocation(location);
  return new WardError(
    'INGEST_UNREADABLE',
    where ? `${where}: ${message}` : message,
    { location },
    cause === undefined ? undefined : { cause },
  );
}
