import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pagination } from './pagination.js';

test('pagination shows the first, last and nearby pages with ellipses, and no control for one page', () => {
  assert.equal(pagination({ page: 1, pageCount: 1, total: 3 }, String), null);
  const middle = pagination({ page: 10, pageCount: 20, total: 500 }, (page) => `/p?page=${page}`);
  assert.deepEqual(middle?.items.map((item) => (item.ellipsis ? '…' : item.number)), ['1', '…', '8', '9', '10', '11', '12', '…', '20']);
  assert.equal(middle?.items.find((item) => item.current)?.number, '10');
  assert.deepEqual([middle?.previous?.href, middle?.next?.href], ['/p?page=9', '/p?page=11']);
  const last = pagination({ page: 3, pageCount: 3, total: 70 }, String);
  assert.equal(last?.next, undefined);
});
