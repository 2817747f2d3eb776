import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeviceConfiguration, ManualResult } from '../assessment-input.js';
import { device, organisation } from '../assessment-test-support.js';
import { accountSeparationRule } from './account-separation.js';

const asOf = '2026-05-01';
const sample = { id: 's', seed: 'x', deviceIds: ['pc1'] };
const tc5 = (result: 'pass' | 'fail'): ManualResult => ({ id: 'r', test: 'tc5-separation', deviceId: 'pc1', result, recordedBy: 'assessor', recordedOn: '2026-04-20' });
const run = (configuration: DeviceConfiguration, manual: ManualResult[] = [], withSample = false) =>
  accountSeparationRule.evaluate(organisation({ devices: [device({ id: 'pc1', configuration })], manualResults: manual, sample: withSample ? sample : undefined }), asOf);

describe('CE-TC5-SEPARATION', () => {
  it('a day-to-day user in local administrators fails, whatever the domain prefix', () => {
    const result = run({ primaryUser: 'TRUST\\jo.bloggs', localAdmins: ['Administrator', 'jo.bloggs@trust.nhs.uk'] });
    assert.equal(result.outcome, 'fail');
    assert.equal(result.reasons[0]?.accountId, 'TRUST\\jo.bloggs');
  });
  it('a day-to-day user who is not an admin passes without a sample', () => {
    assert.equal(run({ primaryUser: 'jo', localAdmins: ['Administrator'] }).outcome, 'pass');
  });
  it('a sampled device needs the TC5 record too', () => {
    assert.equal(run({}, [], true).outcome, 'not-evidenced');
    assert.equal(run({}, [tc5('pass')], true).outcome, 'pass');
    assert.equal(run({}, [tc5('fail')], true).outcome, 'fail');
  });
  it('a device with neither evidence is not evidenced', () => {
    assert.equal(run({ primaryUser: undefined, localAdmins: undefined }).outcome, 'not-evidenced');
  });
});
