import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areas, controls } from '../controls.js';
import { rules } from '../rules/index.js';
import { catalogueFor, requirements, testCases } from './index.js';

describe('catalogue', () => {
  const entries = [...requirements, ...testCases];
  it('ids are unique, and every rule id is unique', () => {
    assert.equal(new Set(entries.map((r) => r.id)).size, entries.length);
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  });
  it('every requirement names existing rules, a known control and area, and a DOMAIN.md source', () => {
    const ruleIds = new Set(rules.map((r) => r.id));
    for (const entry of entries) {
      for (const id of entry.ruleIds) assert.ok(ruleIds.has(id), `${entry.id} → ${id}`);
      assert.ok(controls.includes(entry.control));
      assert.ok(areas.includes(entry.area));
      assert.match(entry.source, /§\d/);
    }
  });
  it('every rule points back at catalogue entries that exist, and is reachable from v3.3', () => {
    const ids = new Set(entries.map((e) => e.id));
    for (const rule of rules) for (const id of rule.requirementIds) assert.ok(ids.has(id), `${rule.id} → ${id}`);
    assert.deepEqual(catalogueFor('3.3').rules.map((r) => r.id).sort(), rules.map((r) => r.id).sort());
  });
  it('TC1–TC5 are present for both versions', () => {
    for (const version of ['3.2', '3.3'] as const) assert.deepEqual(catalogueFor(version).testCases.map((t) => t.id), ['CEP-TC1', 'CEP-TC2', 'CEP-TC3', 'CEP-TC4', 'CEP-TC5']);
  });
  it('v3.3 adds the cloud scope requirement and the auto-fail questions; v3.2 has neither', () => {
    assert.ok(catalogueFor('3.3').requirements.some((r) => r.id === 'CE-SCOPE-01'));
    assert.ok(!catalogueFor('3.2').requirements.some((r) => r.id === 'CE-SCOPE-01'));
    assert.deepEqual(requirements.filter((r) => r.autoFailIn?.includes('3.3')).map((r) => r.id), ['CE-SUM-03', 'CE-SUM-04', 'CE-UAC-02', 'CE-UAC-03']);
    assert.deepEqual(requirements.filter((r) => r.autoFailIn?.includes('3.2')), []);
  });
});
