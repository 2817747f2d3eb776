import type { z } from 'zod';
import { WardError, invalidInput } from '../../core/errors.js';
import { parseCpe } from '../cpe/index.js';
import type { CvssMetric, NvdCpeMatch, NvdCve, NvdConfiguration } from './nvd-model.js';
import { nvdCveSchema, nvdPageSchema, type RawNvdCve } from './nvd-schema.js';

const versionRank: Readonly<Record<CvssMetric['version'], number>> = { '4.0': 0, '3.1': 1, '3.0': 2, '2.0': 3 };

function firstIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  return { path: issue?.path.join('.') ?? '', message: issue?.message ?? 'invalid' };
}

function metricsOf(raw: RawNvdCve): CvssMetric[] {
  const groups = [raw.metrics?.cvssMetricV40, raw.metrics?.cvssMetricV31, raw.metrics?.cvssMetricV30, raw.metrics?.cvssMetricV2];
  const all = groups.flatMap((group) =>
    (group ?? []).map((m) => ({
      version: m.cvssData.version,
      source: m.source,
      type: m.type,
      vectorString: m.cvssData.vectorString,
      baseScore: m.cvssData.baseScore,
      baseSeverity: m.cvssData.baseSeverity ?? m.baseSeverity,
    })),
  );
  return all.sort((a, b) => (a.type === b.type ? 0 : a.type === 'Primary' ? -1 : 1) || versionRank[a.version] - versionRank[b.version]);
}

function configurationsOf(raw: RawNvdCve, where: string): NvdConfiguration[] {
  return (raw.configurations ?? []).map((configuration, c) => ({
    operator: configuration.operator ?? 'OR',
    negate: configuration.negate ?? false,
    nodes: configuration.nodes.map((node, n) => ({
      operator: node.operator,
      negate: node.negate ?? false,
      cpeMatch: node.cpeMatch.map((match, m): NvdCpeMatch => {
        const path = `configurations.${c}.nodes.${n}.cpeMatch.${m}.criteria`;
        let cpe;
        try {
          cpe = parseCpe(match.criteria);
        } catch (error) {
          const reason = error instanceof WardError ? error.message : String(error);
          throw new WardError('INVALID_INPUT', `${where}: ${path}: ${reason}`, { location: { path } }, { cause: error });
        }
        return {
          vulnerable: match.vulnerable,
          criteria: match.criteria,
          cpe,
          matchCriteriaId: match.matchCriteriaId,
          versionStartIncluding: match.versionStartIncluding,
          versionStartExcluding: match.versionStartExcluding,
          versionEndIncluding: match.versionEndIncluding,
          versionEndExcluding: match.versionEndExcluding,
        };
      }),
    })),
  }));
}

function toModel(raw: RawNvdCve, where: string): NvdCve {
  const english = raw.descriptions.find((d) => d.lang === 'en') ?? raw.descriptions[0];
  const cweIds = [
    ...new Set((raw.weaknesses ?? []).flatMap((w) => w.description.map((d) => d.value)).filter((v) => /^CWE-\d+$/.test(v))),
  ];
  return {
    id: raw.id,
    sourceIdentifier: raw.sourceIdentifier,
    published: raw.published,
    lastModified: raw.lastModified,
    vulnStatus: raw.vulnStatus,
    description: english?.value ?? '',
    descriptions: raw.descriptions,
    metrics: metricsOf(raw),
    cweIds,
    references: (raw.references ?? []).map((r) => ({ url: r.url, source: r.source, tags: r.tags ?? [] })),
    configurations: configurationsOf(raw, where),
    kev:
      raw.cisaExploitAdd === undefined
        ? undefined
        : { dateAdded: raw.cisaExploitAdd, actionDue: raw.cisaActionDue, requiredAction: raw.cisaRequiredAction, name: raw.cisaVulnerabilityName },
  };
}

function readOne(value: unknown, where: string): NvdCve {
  const parsed = nvdCveSchema.safeParse(value);
  if (!parsed.success) {
    const { path, message } = firstIssue(parsed.error);
    throw new WardError('INVALID_INPUT', `${where}: ${path || '(record)'}: ${message}`, { location: { path } });
  }
  return toModel(parsed.data, where);
}

function idOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('id' in value)) return undefined;
  return typeof value.id === 'string' ? value.id : undefined;
}

/**
 * Reads NVD API 2.0 JSON in either shape found in practice: an API response page
 * (`{format: "NVD_CVE", vulnerabilities: [{cve}]}`) or a bare `cve` object (one record per file,
 * as mirrors store them). A malformed record fails the whole read, with its CVE id and index.
 */
export function readNvdJson(document: unknown, source = 'NVD JSON'): NvdCve[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw invalidInput(`${source}: expected an NVD API 2.0 object, got ${Array.isArray(document) ? 'an array' : typeof document}`);
  }
  if ('vulnerabilities' in document) {
    const page = nvdPageSchema.safeParse(document);
    if (!page.success) {
      const { path, message } = firstIssue(page.error);
      throw invalidInput(`${source}: not an NVD API 2.0 response page: ${path}: ${message}`);
    }
    return page.data.vulnerabilities.map((entry, index) =>
      readOne(entry.cve, `${source} vulnerabilities[${index}] (${idOf(entry.cve) ?? 'no id'})`),
    );
  }
  if ('id' in document) return [readOne(document, `${source} (${idOf(document) ?? 'no id'})`)];
  throw invalidInput(`${source}: neither an NVD API response page (no "vulnerabilities") nor a cve object (no "id")`);
}

/** Parses text first, so a truncated download is reported as such and not as a schema error. */
export function parseNvdJson(text: string, source = 'NVD JSON'): NvdCve[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new WardError('INVALID_INPUT', `${source}: not valid JSON (${error instanceof Error ? error.message : 'parse error'})`, {}, { cause: error });
  }
  return readNvdJson(document, source);
}
