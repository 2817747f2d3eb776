/**
 * Calendar-day arithmetic on ISO dates. CE counts days of release, not hours, so timestamps are
 * cut to their date and compared in UTC to keep results independent of the server's time zone.
 */
import { invalidInput } from '../core/errors.js';

const isoDate = /^(\d{4})-(\d{2})-(\d{2})/;
const dayMs = 86_400_000;

export function toDay(value: string): string {
  const match = isoDate.exec(value);
  if (!match) throw invalidInput(`Expected an ISO date, got ${value}`);
  return match[0];
}

// The same few dates recur on thousands of checks; validating each once is enough.
const dayNumbers = new Map<string, number>();
const dayNumberCacheLimit = 10_000;

function dayNumber(value: string): number {
  const known = dayNumbers.get(value);
  if (known !== undefined) return known;
  const number = computeDayNumber(value);
  if (dayNumbers.size >= dayNumberCacheLimit) dayNumbers.clear();
  dayNumbers.set(value, number);
  return number;
}

function computeDayNumber(value: string): number {
  const day = toDay(value);
  const ms = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw invalidInput(`Not a calendar date: ${value}`);
  return ms / dayMs;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** `a` is strictly after `b`, by calendar day. */
export function isAfter(a: string, b: string): boolean {
  return daysBetween(b, a) > 0;
}
