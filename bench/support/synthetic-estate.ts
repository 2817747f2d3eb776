/**
 * The synthetic estate the matching benchmarks share: real product versions named by the repo's
 * NVD fixtures, SYNTHETIC CVE records over them (ids CVE-2090-*, 10 % "application on Windows"),
 * and devices written straight into the evidence tables of SQLite (one import per organisation),
 * outside any timing. Seeded, so every run builds the same estate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { systemActor } from '../../src/core/principal.js';
import { parseCpe } from '../../src/intel/cpe/index.js';
import { compareGeneric } from '../../src/intel/versions/index.js';
import type { ServiceContext } from '../../src/services/context.js';
import { loadIntelFiles } from '../../src/services/intel/load-intel-files.js';

export type EstateShape = {
  deviceCount: number;
  orgCount: number;
  perDevice: number;
  syntheticCount: number;
};

let seed = 20260314;
/** Starts the seeded sequence again, so estates built one after another in one process match separate runs. */
export function reseed(value = 20260314): void {
  seed = value;
}
export const random = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
export const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

export type Catalogue = { vendor: string; product: string; versions: string[] }[];

/** Real (vendor, product, versions) named by the loaded NVD records: exact criteria versions and range bounds. */
export async function catalogue(context: ServiceContext): Promise<Catalogue> {
  const rows = await context.database.db
    .selectFrom('cve_cpe_matches')
    .select([
      'vendor',
      'product',
      'criteria',
      'version_start_including',
      'version_end_excluding',
      'version_end_including',
    ])
    .where('part', '=', 'a')
    .execute();
  const byProduct = new Map<string, { vendor: string; product: string; versions: Set<string> }>();
  for (const row of rows) {
    if (row.vendor === '*' || row.product === '*') continue;
    const key = `${row.vendor}:${row.product}`;
    const entry = byProduct.get(key) ?? {
      vendor: row.vendor,
      product: row.product,
      versions: new Set<string>(),
    };
    byProduct.set(key, entry);
    const version = parseCpe(row.criteria).version;
    if (version.kind === 'value' && version.prefix === '' && version.suffix === '')
      entry.versions.add(version.text);
    for (const bound of [row.version_start_including, row.version_end_excluding, row.version_end_including])
      if (bound) entry.versions.add(bound);
  }
  return [...byProduct.values()]
    .filter((e) => e.versions.size > 0 && /^[a-z0-9_.-]+$/.test(e.product) && /^[a-z0-9_.-]+$/.test(e.vendor))
    .map((e) => ({
      vendor: e.vendor,
      product: e.product,
      versions: [...e.versions].filter((v) => /^[0-9][0-9a-z.]*$/i.test(v)).sort(compareGeneric),
    }))
    .filter((e) => e.versions.length > 0);
}

export function syntheticPage(
  products: Catalogue,
  from: number,
  count: number,
  syntheticCount: number,
): Uint8Array {
  const vulnerabilities = [];
  for (let n = from; n < from + count; n++) {
    const p = pick(products);
    const lower = Math.floor(random() * p.versions.length);
    const upper = Math.min(p.versions.length - 1, lower + 1 + Math.floor(random() * 3));
    const criteria = `cpe:2.3:a:${p.vendor}:${p.product}:*:*:*:*:*:*:*:*`;
    const ranged = p.versions.length > 1 && upper > lower;
    const match = ranged
      ? {
          vulnerable: true,
          criteria,
          versionStartIncluding: p.versions[lower],
          versionEndExcluding: p.versions[upper],
        }
      : {
          vulnerable: true,
          criteria: `cpe:2.3:a:${p.vendor}:${p.product}:${p.versions[lower] ?? '1.0'}:*:*:*:*:*:*:*`,
        };
    const onWindows = random() < 0.1;
    const configuration = onWindows
      ? {
          operator: 'AND',
          nodes: [
            { operator: 'OR', negate: false, cpeMatch: [match] },
            {
              operator: 'OR',
              negate: false,
              cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*' }],
            },
          ],
        }
      : { nodes: [{ operator: 'OR', negate: false, cpeMatch: [match] }] };
    const score = Math.round((3 + random() * 7) * 10) / 10;
    vulnerabilities.push({
      cve: {
        id: `CVE-2090-${String(n).padStart(5, '0')}`,
        published: '2090-01-01T00:00:00.000',
        lastModified: '2090-01-02T00:00:00.000',
        vulnStatus: 'Analyzed',
        descriptions: [
          {
            lang: 'en',
            value: `SYNTHETIC benchmark record for ${p.vendor}:${p.product}; not a real vulnerability.`,
          },
        ],
        metrics: {
          cvssMetricV31: [
            {
              source: 'bench',
              type: 'Primary',
              cvssData: {
                version: '3.1',
                vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
                baseScore: score,
              },
            },
          ],
        },
        configurations: [configuration],
      },
    });
  }
  return Buffer.from(
    JSON.stringify({
      resultsPerPage: count,
      startIndex: from,
      totalResults: syntheticCount,
      format: 'NVD_CVE',
      version: '2.0',
      timestamp: '2090-01-02T00:00:00.000',
      vulnerabilities,
    }),
  );
}

/** The estate written straight into the evidence tables (an import per organisation), outside the timings. */
export function writeEstate(context: ServiceContext, products: Catalogue, shape: EstateShape): void {
  const { deviceCount, orgCount, perDevice } = shape;
  const sqlite = context.database.raw.sqlite;
  if (!sqlite) throw new Error('bench:match runs on SQLite');
  const now = new Date().toISOString();
  // Skewed popularity: a few product versions run everywhere, a long tail runs on a few devices.
  const versions = products.flatMap((p) =>
    p.versions.map((version) => ({ vendor: p.vendor, product: p.product, version })),
  );
  const popular = (): { vendor: string; product: string; version: string } =>
    versions[Math.floor(versions.length * random() ** 3)] ??
    versions[0] ?? { vendor: 'x', product: 'x', version: '1' };
  const org = sqlite.prepare(
    'insert into organisations (id, ods_code, name, kind, region, parent_id, created_at, updated_at) values (?, ?, ?, ?, null, null, ?, ?)',
  );
  const imp = sqlite.prepare(
    "insert into imports (id, organisation_id, file_name, sha256, size_bytes, format, parser_version, status, created_by, created_at, completed_at) values (?, ?, 'bench', ?, 0, 'osquery', 1, 'completed', 'bench', ?, ?)",
  );
  const dev = sqlite.prepare(
    "insert into devices (id, organisation_id, hostname, mac_addresses, ip_addresses, os_name, os_family, os_version, os_build, asset_kind, first_seen, last_seen, created_at, updated_at) values (?, ?, ?, '[]', '[]', 'Microsoft Windows 10 Enterprise', 'windows', null, '10.0.19045.4170', 'end-user-device', ?, ?, ?, ?)",
  );
  const obs = sqlite.prepare(
    "insert into device_observations (organisation_id, import_id, seq, device_id, asset_ref, matched_by, mac_addresses, ip_addresses, os_name, os_family, os_build, asset_kind) values (?, ?, ?, ?, ?, 'new', '[]', '[]', 'Microsoft Windows 10 Enterprise', 'windows', '10.0.19045.4170', 'end-user-device')",
  );
  const sw = sqlite.prepare(
    "insert into software (organisation_id, import_id, seq, device_id, name, vendor, version, cpe, source) values (?, ?, ?, ?, ?, ?, ?, ?, 'bench')",
  );
  sqlite.transaction(() => {
    let device = 0;
    for (let o = 0; o < orgCount; o++) {
      const orgId = `org-${o}`;
      org.run(orgId, `B${String(o).padStart(4, '0')}`, `Bench Trust ${o}`, 'trust', now, now);
      const importId = `imp-${o}`;
      imp.run(importId, orgId, `sha-${o}`, now, now);
      const devicesHere = Math.floor(deviceCount / orgCount) + (o < deviceCount % orgCount ? 1 : 0);
      let seq = 0;
      for (let d = 0; d < devicesHere; d++, device++) {
        const deviceId = `dev-${device}`;
        dev.run(deviceId, orgId, `PC-${device}`, now, now, now, now);
        obs.run(orgId, importId, seq++, deviceId, deviceId);
        for (let s = 0; s < perDevice; s++) {
          const v = popular();
          // Half the rows carry the CPE a scanner gives, half only a name for the name-based mapping.
          if (random() < 0.5)
            sw.run(
              orgId,
              importId,
              seq++,
              deviceId,
              v.product,
              v.vendor,
              v.version,
              `cpe:2.3:a:${v.vendor}:${v.product}:${v.version}:*:*:*:*:*:*:*`,
            );
          else
            sw.run(orgId, importId, seq++, deviceId, v.product.replace(/_/g, ' '), v.vendor, v.version, null);
        }
        sw.run(orgId, importId, seq++, deviceId, `Trust In-House Tool ${device % 50}`, 'NHS', '1.0', null);
      }
    }
  })();
}

/** Loads the repo's real NVD fixtures and `syntheticCount` synthetic records; returns the real product catalogue. */
export async function loadBenchIntel(
  context: ServiceContext,
  syntheticCount: number,
): Promise<{ products: Catalogue; realCves: number; seconds: number }> {
  const actor = systemActor('bench');
  const fixtures = new URL('../../src/intel/testdata/nvd/', import.meta.url);
  const files = readdirSync(fixtures)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: f, bytes: readFileSync(new URL(f, fixtures)) }));
  await loadIntelFiles(context, actor, { files });
  const products = await catalogue(context);
  const realCves = (
    await context.database.db
      .selectFrom('cves')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
  const start = process.hrtime.bigint();
  for (let from = 0; from < syntheticCount; from += 2000) {
    await loadIntelFiles(context, actor, {
      files: [
        {
          name: `synthetic-${from}.json`,
          bytes: syntheticPage(products, from, Math.min(2000, syntheticCount - from), syntheticCount),
        },
      ],
    });
  }
  return { products, realCves, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
