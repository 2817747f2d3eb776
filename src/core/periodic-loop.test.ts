import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPeriodicLoop } from './periodic-loop.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startPeriodicLoop', () => {
  it('runs at once and on every tick, never two rounds at a time, and stop() waits for the round in progress', async () => {
    let running = 0;
    let most = 0;
    let rounds = 0;
    let finished = 0;
    const loop = startPeriodicLoop(
      async () => {
        rounds += 1;
        running += 1;
        most = Math.max(most, running);
        await sleep(35);
        running -= 1;
        finished += 1;
      },
      { intervalMs: 10 },
    );
    await sleep(120);
    await loop.stop();
    assert.ok(rounds >= 2, `${rounds} rounds`);
    assert.equal(most, 1, 'rounds overlapped');
    assert.equal(finished, rounds, 'stop() returned before the last round ended');
    const after = rounds;
    await sleep(40);
    assert.equal(rounds, after, 'no round after stop()');
  });

  it('hands an error to onError and carries on with the next round', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const loop = startPeriodicLoop(
      () => {
        rounds += 1;
        return rounds === 1 ? Promise.reject(new Error('database unreachable')) : Promise.resolve();
      },
      { intervalMs: 10, onError: (error) => errors.push(error) },
    );
    await sleep(60);
    await loop.stop();
    assert.equal(errors.length, 1);
    assert.ok(rounds >= 2);
  });
});
