import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concurrencyGate } from './concurrency-gate.js';

/** A task that finishes when the test says so. */
function deferred() {
  let finish: (value: string) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const promise = new Promise<string>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { promise, finish, fail };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('concurrency gate', () => {
  it('runs at most the limit at once, queues the rest in arrival order and never refuses one', async () => {
    const gate = concurrencyGate(2);
    const tasks = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const results = tasks.map((task, index) =>
      gate.run(() => {
        started.push(index);
        return task.promise;
      }),
    );
    const outcomes = Promise.allSettled(results);
    await settle();
    assert.deepEqual(started, [0, 1]);
    assert.equal(gate.active, 2);
    assert.equal(gate.waiting, 2);
    tasks[1]?.finish('b');
    await settle();
    assert.deepEqual(started, [0, 1, 2], 'the first waiter takes the freed turn');
    tasks[0]?.fail(new Error('broken file'));
    await settle();
    assert.deepEqual(started, [0, 1, 2, 3], 'a failed task frees its turn too');
    tasks[2]?.finish('c');
    tasks[3]?.finish('d');
    assert.deepEqual((await outcomes).map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)), ['broken file', 'b', 'c', 'd']);
    assert.equal(gate.active, 0);
    assert.equal(gate.waiting, 0);
  });

  it('refuses a limit below 1', () => {
    assert.throws(() => concurrencyGate(0), RangeError);
    assert.throws(() => concurrencyGate(1.5), RangeError);
  });

  it('drain waits for the running and the queued tasks, then resolves; at rest it resolves at once', async () => {
    const gate = concurrencyGate(1);
    await gate.drain();
    const first = deferred();
    const second = deferred();
    const done: string[] = [];
    void gate.run(() => first.promise).then((value) => done.push(value));
    void gate.run(() => second.promise).then((value) => done.push(value));
    let drained = false;
    const draining = gate.drain().then(() => (drained = true));
    first.finish('first');
    await settle();
    assert.equal(drained, false, 'the queued task has not run yet');
    second.finish('second');
    await draining;
    assert.deepEqual(done, ['first', 'second']);
    assert.equal(gate.active + gate.waiting, 0);
  });
});
