import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWardError } from '../core/errors.js';
import { daysBetween, isAfter, toDay } from './dates.js';

describe('dates', () => {
  it('counts calendar days across months, leap days and clock changes', () => {
    assert.equal(daysBetween('2026-04-17', '2026-05-01'), 14);
    assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
    assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
    assert.equal(daysBetween('2026-05-01', '2026-04-30'), -1);
  });
  it('cuts timestamps to their date', () => {
    assert.equal(toDay('2026-04-17T23:59:59+01:00'), '2026-04-17');
    assert.equal(isAfter('2025-10-15', '2025-10-14'), true);
    assert.equal(isAfter('2025-10-14', '2025-10-14'), false);
  });
  it('refuses non-dates', () => {
    assert.throws(() => toDay('14/10/2025'), isWardError);
    assert.throws(() => daysBetween('2026-02-30', '2026-03-01'), isWardError);
  });
});
