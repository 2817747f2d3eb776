import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Area, Control } from './controls.js';
import type { CheckResult, Outcome } from './outcome.js';
import { cePlusDiscretionaryPolicy, score } from './score.js';

function checks(counts: Partial<Record<Outcome, number>>, ruleId = 'R', control: Control = 'firewalls', area: Area = 'network-security'): CheckResult[] {
  return Object.entries(counts).flatMap(([outcome, n]) =>
    Array.from({ length: n }, (_, i) => ({ ruleId, control, area, subject: { kind: 'device' as const, id: `${outcome}-${i}`, name: 'd' }, outcome: outcome as Outcome, reasons: [] })),
  );
}

describe('score', () => {
  it('100 % passes; not-applicable checks are left out', () => {
    const result = score(checks({ pass: 20, 'not-applicable': 5 }));
    assert.equal(result.overall.percent, 100);
    assert.equal(result.overall.applicable, 20);
    assert.equal(result.verdict, 'pass');
    assert.equal(result.acceptable.acceptable, true);
  });

  it('99 % fails the verdict but is acceptable under the 5 % policy, reported apart', () => {
    const result = score(checks({ pass: 99, fail: 1 }));
    assert.equal(result.overall.percent, 99);
    assert.equal(result.verdict, 'fail');
    assert.equal(result.acceptable.acceptable, true);
    assert.equal(result.acceptable.deviations, 1);
  });

  it('exactly 5 % deviations is not acceptable (the limit is strict)', () => {
    const result = score(checks({ pass: 95, fail: 5 }));
    assert.equal(result.acceptable.acceptable, false);
    assert.equal(score(checks({ pass: 96, fail: 4 })).acceptable.acceptable, true);
  });

  it('not-evidenced lowers the score like a failure and counts as a deviation', () => {
    const result = score(checks({ pass: 3, 'not-evidenced': 1 }));
    assert.equal(result.overall.percent, 75);
    assert.equal(result.verdict, 'fail');
    assert.equal(result.acceptable.deviations, 1);
    assert.equal(score(checks({ pass: 3, 'not-evidenced': 1 }), { ...cePlusDiscretionaryPolicy, notEvidencedIsDeviation: false }).acceptable.deviations, 0);
  });

  it('a failure of a never-marginal rule is not acceptable at any share', () => {
    const all = [...checks({ pass: 999 }), ...checks({ fail: 1 }, 'CE-PATCH-14D')];
    const policy = { ...cePlusDiscretionaryPolicy, neverMarginalRuleIds: ['CE-PATCH-14D'] };
    assert.equal(score(all, policy).acceptable.acceptable, false);
    assert.equal(score(all).acceptable.acceptable, true);
  });

  it('nothing applicable is neither pass nor acceptable', () => {
    const result = score(checks({ 'not-applicable': 3 }));
    assert.equal(result.overall.percent, null);
    assert.equal(result.verdict, 'fail');
    assert.equal(result.acceptable.acceptable, false);
  });

  it('splits by control and by area', () => {
    const all = [
      ...checks({ pass: 1, fail: 1 }, 'A', 'firewalls', 'network-security'),
      ...checks({ pass: 3, 'not-evidenced': 1 }, 'B', 'malware-protection', 'servers'),
    ];
    const result = score(all);
    assert.equal(result.byControl.firewalls.percent, 50);
    assert.equal(result.byControl['malware-protection'].percent, 75);
    assert.equal(result.byControl['user-access-control'].percent, null);
    assert.equal(result.byArea.servers.notEvidenced, 1);
    assert.equal(result.overall.percent, (4 / 6) * 100);
  });
});
