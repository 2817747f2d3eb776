/**
 * The CE+ sample: how many devices of each build to test, and which ones.
 *
 * Table implemented (DOMAIN.md §2.3): the per-build table certification bodies publish, as given at
 * https://cyberessentialsplus-org-uk.pages.dev/guides/ce-plus-sample-size-rules-explained and
 * consistent with the Hedgehog Security example in the same section:
 *   devices in build   1 → 1,  2–5 → 2,  6–19 → 3,  20–60 → 4,  61+ → 5.
 * IASME's own document (the Delivery Partner's method the NCSC spec defers to) was not available,
 * so this is a secondary source [S]; the method id is stored with every sample so a later change
 * of table is visible. Not implemented: the "~10 %, max 30" figure (§2.3 calls it unreliable) and
 * "servers in full" (CB practice; available as an option).
 *
 * A build is OS name + edition + feature version (§2.3, §7): Windows 10 Pro 22H2 and Windows 10
 * Pro 21H2 are separate builds. Network equipment is not sampled (TC2–TC5 test user devices and
 * servers).
 *
 * Selection is random but reproducible: a seed and the same devices give the same sample whatever
 * order the devices arrive in, so the sample can be stored with its calculation and re-derived.
 */
import type { Device } from './assessment-input.js';

export const samplingMethod = 'ce-plus-per-build-table/cb-published-2025';

export type SamplingOptions = {
  /** Test every server rather than a sample of each server build (some CBs' practice). */
  serversInFull?: boolean;
  /** Devices already tested (sample 1): avoided in a second sample while others remain. */
  exclude?: readonly string[];
};

export type BuildSample = { build: string; population: number; sampleSize: number; deviceIds: string[] };

export type SampleCalculation = {
  method: string;
  seed: string;
  serversInFull: boolean;
  excluded: string[];
  builds: BuildSample[];
  deviceIds: string[];
};

/** The per-build table above. */
export function sampleSizeForBuild(devicesInBuild: number): number {
  if (!Number.isInteger(devicesInBuild) || devicesInBuild < 0) throw new RangeError(`Not a device count: ${devicesInBuild}`);
  if (devicesInBuild <= 1) return devicesInBuild;
  if (devicesInBuild <= 5) return 2;
  if (devicesInBuild <= 19) return 3;
  if (devicesInBuild <= 60) return 4;
  return 5;
}

export function buildOf(device: Device): string {
  const os = device.os;
  if (os === undefined) return 'unknown operating system';
  const edition = os.edition !== undefined && !os.name.toLowerCase().includes(os.edition.toLowerCase()) ? ` ${os.edition}` : '';
  return `${os.name}${edition}${os.version ? ` ${os.version}` : ''}`.trim();
}

/** FNV-1a: turns the seed text into a 32-bit state. Not cryptographic; only reproducibility matters. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** xorshift32 generator giving integers in [0, bound). */
function generator(seed: string): (bound: number) => number {
  let state = hash(seed) || 0x9e3779b9;
  return (bound) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % bound;
  };
}

/** Picks `count` ids by a partial Fisher–Yates shuffle of the sorted ids. */
function pick(ids: readonly string[], count: number, seed: string): string[] {
  const pool = [...ids].sort();
  const next = generator(seed);
  for (let i = 0; i < count; i++) {
    const j = i + next(pool.length - i);
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool.slice(0, count);
}

export function drawSample(devices: readonly Device[], seed: string, options: SamplingOptions = {}): SampleCalculation {
  const excluded = new Set(options.exclude ?? []);
  const byBuild = new Map<string, Device[]>();
  for (const device of devices) {
    if (device.kind === 'network-device') continue;
    const build = `${device.kind === 'server' ? 'server' : 'device'}: ${buildOf(device)}`;
    byBuild.set(build, [...(byBuild.get(build) ?? []), device]);
  }
  const builds = [...byBuild.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([build, members]): BuildSample => {
      const ids = members.map((d) => d.id);
      const inFull = options.serversInFull === true && build.startsWith('server:');
      const sampleSize = inFull ? ids.length : sampleSizeForBuild(ids.length);
      // Each build draws from its own stream so adding a build never changes another's sample.
      const fresh = ids.filter((id) => !excluded.has(id));
      const chosen = pick(fresh, Math.min(sampleSize, fresh.length), `${seed}|${build}`);
      const topUp = sampleSize - chosen.length;
      const repeat = topUp > 0 ? pick(ids.filter((id) => excluded.has(id)), topUp, `${seed}|${build}|repeat`) : [];
      return { build, population: ids.length, sampleSize, deviceIds: [...chosen, ...repeat] };
    });
  return {
    method: samplingMethod,
    seed,
    serversInFull: options.serversInFull === true,
    excluded: [...excluded].sort(),
    builds,
    deviceIds: builds.flatMap((b) => b.deviceIds),
  };
}
