import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Device } from './assessment-input.js';
import { device, windows10, windows11 } from './assessment-test-support.js';
import { buildOf, drawSample, sampleSizeForBuild } from './sampling.js';

const fleet = (n: number, prefix: string, os: Device['os'] = windows11, kind: Device['kind'] = 'end-user-device'): Device[] =>
  Array.from({ length: n }, (_, i) => device({ id: `${prefix}${String(i).padStart(3, '0')}`, os, kind }));

describe('sampleSizeForBuild: the per-build table at each boundary', () => {
  const expected: [number, number][] = [[0, 0], [1, 1], [2, 2], [5, 2], [6, 3], [19, 3], [20, 4], [60, 4], [61, 5], [5000, 5]];
  for (const [population, size] of expected) it(`${population} devices → ${size}`, () => assert.equal(sampleSizeForBuild(population), size));
  it('refuses negative or fractional counts', () => {
    assert.throws(() => sampleSizeForBuild(-1), RangeError);
    assert.throws(() => sampleSizeForBuild(1.5), RangeError);
  });
});

describe('drawSample', () => {
  it('samples each build separately and stores the calculation', () => {
    const devices = [...fleet(50, 'w10-', windows10), ...fleet(30, 'w11-'), ...fleet(10, 'srv-', windows11, 'server'), ...fleet(3, 'fw-', undefined, 'network-device')];
    const sample = drawSample(devices, 'seed-1');
    assert.deepEqual(sample.builds.map((b) => [b.build, b.population, b.sampleSize, b.deviceIds.length]), [
      ['device: Microsoft Windows 10 Enterprise 22H2', 50, 4, 4],
      ['device: Microsoft Windows 11 Enterprise 24H2', 30, 4, 4],
      ['server: Microsoft Windows 11 Enterprise 24H2', 10, 3, 3],
    ]);
    assert.equal(sample.deviceIds.length, 11);
    assert.match(sample.method, /per-build/);
  });

  it('feature versions are separate builds', () => {
    assert.notEqual(buildOf(device({ id: 'a', os: windows10 })), buildOf(device({ id: 'b', os: { ...windows10, version: '21H2' } })));
  });

  it('servers in full when asked', () => {
    assert.equal(drawSample(fleet(10, 'srv-', windows11, 'server'), 's', { serversInFull: true }).deviceIds.length, 10);
  });

  it('a second sample avoids the first while enough devices remain', () => {
    const devices = fleet(30, 'pc-');
    const first = drawSample(devices, 'one');
    const second = drawSample(devices, 'two', { exclude: first.deviceIds });
    assert.equal(second.deviceIds.length, first.deviceIds.length);
    assert.deepEqual(second.deviceIds.filter((id) => first.deviceIds.includes(id)), []);
    const small = fleet(3, 'tiny-');
    const again = drawSample(small, 'two', { exclude: drawSample(small, 'one').deviceIds });
    assert.equal(again.deviceIds.length, 2);
  });

  const devicesArb = fc
    .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom('22H2', '21H2', '24H2'), fc.constantFrom<Device['kind']>('end-user-device', 'server')), { selector: (t) => t[0], maxLength: 150 })
    .map((rows) => rows.map(([id, version, kind]) => device({ id, kind, os: { ...windows10, version } })));

  it('property: the same seed and devices, in any order, give the same sample', () => {
    fc.assert(
      fc.property(devicesArb, fc.string(), fc.integer(), (devices, seed, shift) => {
        const rotated = devices.map((_, i) => devices[(i + Math.abs(shift)) % devices.length] as Device);
        assert.deepEqual(drawSample(rotated, seed), drawSample(devices, seed));
      }),
    );
  });

  it('property: samples never exceed the population, hold no duplicates, and follow the table', () => {
    fc.assert(
      fc.property(devicesArb, fc.string(), (devices, seed) => {
        const sample = drawSample(devices, seed);
        assert.ok(sample.deviceIds.length <= devices.length);
        assert.equal(new Set(sample.deviceIds).size, sample.deviceIds.length);
        for (const build of sample.builds) {
          assert.ok(build.deviceIds.length <= build.population);
          assert.equal(build.deviceIds.length, sampleSizeForBuild(build.population));
        }
      }),
    );
  });

  it('different seeds choose differently (over many builds)', () => {
    const devices = fleet(200, 'pc-');
    assert.notDeepEqual(drawSample(devices, 'a').deviceIds, drawSample(devices, 'b').deviceIds);
  });
});
