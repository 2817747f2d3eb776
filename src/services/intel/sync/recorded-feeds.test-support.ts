// Recorded responses for the sync tests, built ONLY from the real records in src/intel/testdata
// (see its SOURCES.md). Where the repository holds a feed in another layout than the online API
// serves (endoflife.date product pages, MSRC CVRF XML), the document is re-written in the API's
// layout from the real values; the function doing so says which fields it fills.
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LifecycleRelease } from '../../../intel/lifecycle/index.js';
import { readProductPage } from '../../../intel/lifecycle/index.js';
import { readCvrfXml, type CvrfDocument } from '../../../intel/msrc/index.js';

const testdata = new URL('../../../intel/testdata/', import.meta.url);

export function testdataBytes(path: string): Buffer {
  return readFileSync(new URL(path, testdata));
}

export function testdataText(path: string): string {
  const bytes = testdataBytes(path);
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}

type RawCve = { id: string; lastModified: string; published?: string } & Record<string, unknown>;

/** The 38 real CVE records of vunnel's recorded NVD API page. */
export function anchorePageRecords(): RawCve[] {
  return (JSON.parse(testdataText('nvd/anchore-full-page.json')) as { vulnerabilities: { cve: RawCve }[] }).vulnerabilities.map((v) => v.cve);
}

/** The eight fkie-cad NVD records (Heartbleed, MS17-010, Log4Shell), each stored as a bare `cve`. */
export function fkieRecords(): RawCve[] {
  return ['CVE-2014-0160', 'CVE-2017-0143', 'CVE-2017-0144', 'CVE-2017-0145', 'CVE-2017-0146', 'CVE-2017-0147', 'CVE-2017-0148', 'CVE-2021-44228'].map(
    (id) => JSON.parse(testdataText(`nvd/${id}.json`)) as RawCve,
  );
}

/** An NVD CVE API 2.0 response page around real records, as the API pages them. */
export function nvdPage(records: readonly RawCve[], startIndex: number, totalResults: number, timestamp = '2023-10-18T18:04:18.493'): string {
  return JSON.stringify({ resultsPerPage: records.length, startIndex, totalResults, format: 'NVD_CVE', version: '2.0', timestamp, vulnerabilities: records.map((cve) => ({ cve })) });
}

/** The real KEV catalogue 2026.08.21 (1,674 entries), as JSON text. */
export function kevCatalogJson(): string {
  return testdataText('kev/known_exploited_vulnerabilities.json.gz');
}

/** FIRST's daily file as served (`epss_scores-current.csv.gz`): the five real rows in FIRST's layout, gzipped. */
export function epssDailyGz(): Buffer {
  return gzipSync(testdataBytes('epss/constructed-first-daily-shape.csv'));
}

const v1Milestone = (value: LifecycleRelease['eol']): { is: boolean | null; from: string | null } =>
  typeof value === 'string' ? { is: true, from: value } : { is: value ?? null, from: null };

/**
 * endoflife.date API v1 `/products/{product}` for windows or windows-server, with the releases of
 * the real product page in the repository (v1 field names from DOMAIN.md §6.8). `isEoas`/`isEol`
 * are written true whenever a date is known, which the reader ignores in favour of the date.
 */
export function endoflifeV1(product: 'windows' | 'windows-server'): string {
  const releases = readProductPage(testdataText(`endoflife/${product}.md`), product);
  return JSON.stringify({
    schema_version: '1.2.1',
    generated_at: '2026-08-21T00:00:00+00:00',
    result: {
      name: product,
      releases: releases.map((r) => {
        const eoas = v1Milestone(r.support);
        const eol = v1Milestone(r.eol);
        const eoes = v1Milestone(r.extendedSupport);
        return {
          name: r.cycle,
          label: r.label ?? r.cycle,
          releaseDate: r.releaseDate ?? null,
          isLts: r.lts,
          ltsFrom: null,
          isEoas: eoas.is,
          eoasFrom: eoas.from,
          isEol: eol.is ?? false,
          eolFrom: eol.from,
          isEoes: eoes.is,
          eoesFrom: eoes.from,
          isMaintained: eol.is !== true,
          latest: r.latest === undefined ? null : { name: r.latest, date: null },
        };
      }),
    },
  });
}

const remediationTypeNumbers: Readonly<Record<string, number>> = { Workaround: 0, Mitigation: 1, 'Vendor Fix': 2, 'None Available': 3, 'Will Not Fix': 4, 'Known Issue': 5, 'Release Notes': 6 };

/**
 * A real MSRC CVRF XML document from the repository, re-written in the layout of the CVRF API's
 * JSON answer (`Accept: application/json`): DocumentTracking, ProductTree.FullProductName and
 * Vulnerability[].Remediations with numeric types, the fields Microsoft's own module reads.
 */
export function msrcJson(month: '2017-Mar' | '2017-May'): string {
  const document: CvrfDocument = readCvrfXml(testdataText(`msrc/cvrfDocument-${month}.xml.gz`), month);
  return JSON.stringify({
    DocumentTitle: { Value: document.title },
    DocumentTracking: { Identification: { ID: { Value: document.id } }, InitialReleaseDate: `${document.releaseDate}T07:00:00Z` },
    ProductTree: { FullProductName: [...document.products].map(([ProductID, Value]) => ({ ProductID, Value })) },
    Vulnerability: document.vulnerabilities.map((v) => ({
      CVE: v.cve,
      Title: { Value: v.title },
      ProductStatuses: [{ Type: 3, ProductID: v.affectedProductIds }],
      Remediations: v.remediations.map((r) => ({
        Type: remediationTypeNumbers[r.type] ?? 6,
        Description: { Value: r.description },
        URL: r.url ?? null,
        SubType: r.subType ?? null,
        Supercedence: r.supersedes.join(',') || null,
        ProductID: r.productIds,
        FixedBuild: r.fixedBuild ?? null,
      })),
    })),
  });
}

/** The CVRF API's `/updates` list (its documented OData layout) for the given months. */
export function msrcUpdates(base: string, months: readonly { id: string; initial: string; current?: string }[]): string {
  return JSON.stringify({
    '@odata.context': `${base}/$metadata#updates`,
    value: months.map((m) => ({ ID: m.id, Alias: m.id, DocumentTitle: `${m.id} Security Updates`, Severity: null, InitialReleaseDate: m.initial, CurrentReleaseDate: m.current ?? m.initial, CvrfUrl: `${base}/cvrf/${m.id}` })),
  });
}
