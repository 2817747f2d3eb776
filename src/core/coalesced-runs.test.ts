import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoalescedRuns } from './coalesced-runs.js';

/** A task whose runs are started and finished by the test, one at a time. */
function controlledTask() {
  const started: { key: string; finish: (error?: Error) => void }[] = [];
  const task = (key: string) =>
    new Promise<void>((resolve, reject) => {
      started.push({ key, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { started, task };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CoalescedRuns', () => {
  it('answers requests made during a run with ONE later run that starts after it ends', async () => {
    const { started, task } = controlledTask();
    const runs = new CoalescedRuns(task);
    const first = runs.request('org-a');
    await tick();
    assert.equal(started.length, 1);
    const settled: string[] = [];
    const later = [runs.request('org-a'), runs.request('org-a'), runs.request('org-a')].map((p, i) => p.then(() => settled.push(`later ${i}`)));
    await tick();
    assert.equal(started.length, 1, 'no second run while the first is running');
    started[0]?.finish();
    await first;
    await tick();
    assert.equal(started.length, 2, 'three requests, one more run');
    assert.deepEqual(settled, [], 'the later requests wait for the run that started after them');
    started[1]?.finish();
    await Promise.all(later);
    assert.equal(settled.length, 3);
    assert.equal(runs.busy, 0);
  });

  it('keeps keys apart: another organisation runs at once', async () => {
    const { started, task } = controlledTask();
    const runs = new CoalescedRuns(task);
    const a = runs.request('org-a');
    const b = runs.request('org-b');
    await tick();
    assert.deepEqual(started.map((s) => s.key), ['org-a', 'org-b']);
    for (const s of started) s.finish();
    await Promise.all([a, b]);
  });

  it('rejects only the requests that shared a failed run, and runs again for the next', async () => {
    const { started, task } = controlledTask();
    const runs = new CoalescedRuns(task);
    const failing = runs.request('org-a');
    await tick();
    started[0]?.finish(new Error('database unreachable'));
    await assert.rejects(failing, /database unreachable/);
    const next = runs.request('org-a');
    await tick();
    assert.equal(started.length, 2);
    started[1]?.finish();
    await next;
  });
});
