/**
 * A copy of `text` that does not keep its source alive. V8 makes substrings of 13 characters or
 * more as views into the string they were cut from: a host name the XML reader cut from a 1 MB
 * chunk of the file keeps that whole chunk in memory for as long as the name is kept. Anything
 * held for a whole import (asset references, identity keys, device rows) goes through this, or a
 * large report's memory grows with its size.
 */
export function detachString(text: string): string;
export function detachString(text: string | undefined): string | undefined;
export function detachString(text: string | null): string | null;
export function detachString(text: string | null | undefined): string | null | undefined {
  // Short strings are always copied; a longer concatenation is flattened into a new string of its
  // own before the slice, so the slice views that small copy instead of the chunk.
  return text === null || text === undefined || text.length < 13 ? text : (` ${text}`).slice(1);
}
