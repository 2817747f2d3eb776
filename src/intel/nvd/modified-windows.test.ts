import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modifiedWindows, nvdTimestamp } from './modified-windows.js';

describe('NVD lastModified windows', () => {
  it('a span within 120 days is one window', () => {
    const from = new Date('2026-10-01T00:00:00Z');
    const to = new Date('2026-11-28T09:00:00Z');
    assert.deepEqual(modifiedWindows(from, to), [{ start: from, end: to }]);
  });

  it('a longer span is split into consecutive windows of at most 120 days', () => {
    const windows = modifiedWindows(new Date('2026-01-01T00:00:00Z'), new Date('2026-11-28T09:00:00Z'));
    assert.deepEqual(windows.map((w) => [w.start.toISOString(), w.end.toISOString()]), [
      ['2026-01-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'],
      ['2026-05-01T00:00:00.000Z', '2026-08-29T00:00:00.000Z'],
      ['2026-08-29T00:00:00.000Z', '2026-11-28T09:00:00.000Z'],
    ]);
    assert.ok(windows.every((w) => w.end.getTime() - w.start.getTime() <= 120 * 86_400_000));
  });

  it('exactly 120 days is one window; nothing to do when the start is not before the end', () => {
    assert.equal(modifiedWindows(new Date('2026-01-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z')).length, 1);
    assert.deepEqual(modifiedWindows(new Date('2026-05-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z')), []);
  });

  it('timestamps are written with an explicit UTC offset', () => {
    assert.equal(nvdTimestamp(new Date('2026-11-28T09:00:00Z')), '2026-11-28T09:00:00.000+00:00');
  });
});
