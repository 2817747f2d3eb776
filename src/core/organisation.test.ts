import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WardError } from './errors.js';
import { normaliseOdsCode } from './organisation.js';

test('real ODS codes of trusts, ICBs and GP practices are accepted and upper-cased', () => {
  for (const [raw, code] of [['RJ1', 'RJ1'], ['r0a', 'R0A'], [' G6V2S ', 'G6V2S'], ['QOP', 'QOP'], ['A81001', 'A81001']]) {
    assert.equal(normaliseOdsCode(raw ?? ''), code);
  }
});

test('malformed ODS codes are INVALID_INPUT naming the field', () => {
  for (const bad of ['', 'R', 'RJ', 'RJ1-X', 'R J1', 'TOOLONG1', "RJ1'; drop"]) {
    assert.throws(() => normaliseOdsCode(bad), (error: unknown) => error instanceof WardError && error.code === 'INVALID_INPUT' && error.details.fields?.odsCode === 'malformed', bad);
  }
});
