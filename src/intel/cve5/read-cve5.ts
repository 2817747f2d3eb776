import { invalidInput } from '../../core/errors.js';
import type { Cve5Affected, Cve5Container, Cve5Metric, Cve5Record, Cve5Ssvc, Cve5Status, Cve5Version } from './cve5-model.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const status = (value: unknown, fallback: Cve5Status): Cve5Status => (value === 'affected' || value === 'unaffected' || value === 'unknown' ? value : fallback);

/** A CVE record is recognised by its `dataType` (schema 5.x) or by `cveMetadata` beside `containers`. */
export function isCve5Record(document: unknown): document is Json {
  return isObject(document) && (document.dataType === 'CVE_RECORD' || (isObject(document.cveMetadata) && isObject(document.containers)));
}

function readVersion(raw: unknown): Cve5Version | undefined {
  if (!isObject(raw)) return undefined;
  const version = text(raw.version);
  if (version === undefined) return undefined;
  return { version, status: status(raw.status, 'unknown'), versionType: text(raw.versionType), lessThan: text(raw.lessThan), lessThanOrEqual: text(raw.lessThanOrEqual) };
}

function readAffected(raw: unknown): Cve5Affected | undefined {
  if (!isObject(raw)) return undefined;
  return {
    vendor: text(raw.vendor),
    product: text(raw.product),
    packageName: text(raw.packageName),
    cpes: list(raw.cpes).filter((c): c is string => typeof c === 'string' && c.startsWith('cpe:2.3:')),
    platforms: list(raw.platforms).filter((p): p is string => typeof p === 'string'),
    versions: list(raw.versions).map(readVersion).filter((v) => v !== undefined),
    defaultStatus: status(raw.defaultStatus, 'unknown'),
  };
}

const metricKeys = [['cvssV4_0', '4.0'], ['cvssV3_1', '3.1'], ['cvssV3_0', '3.0'], ['cvssV2_0', '2.0']] as const;

function readMetrics(raw: unknown): Cve5Metric[] {
  const out: Cve5Metric[] = [];
  for (const metric of list(raw)) {
    if (!isObject(metric)) continue;
    for (const [key, version] of metricKeys) {
      const m = metric[key];
      if (isObject(m) && typeof m.baseScore === 'number' && typeof m.vectorString === 'string') {
        out.push({ version, vectorString: m.vectorString, baseScore: m.baseScore, baseSeverity: text(m.baseSeverity) });
      }
    }
  }
  return out;
}

function readContainer(raw: Json): Cve5Container {
  return { affected: list(raw.affected).map(readAffected).filter((a) => a !== undefined), metrics: readMetrics(raw.metrics) };
}

/** SSVC and KEV facts sit in `metrics[].other` of the CISA ADP container. */
function readOther(raw: Json): { ssvc: Cve5Ssvc | undefined; kevDateAdded: string | undefined } {
  let ssvc: Cve5Ssvc | undefined;
  let kevDateAdded: string | undefined;
  for (const metric of list(raw.metrics)) {
    const other = isObject(metric) && isObject(metric.other) ? metric.other : undefined;
    const content = other && isObject(other.content) ? other.content : undefined;
    if (!other || !content) continue;
    if (other.type === 'ssvc') {
      const options = Object.assign({}, ...list(content.options).filter(isObject)) as Json;
      ssvc = { exploitation: text(options.Exploitation), automatable: text(options.Automatable), technicalImpact: text(options['Technical Impact']), timestamp: text(content.timestamp) };
    }
    if (other.type === 'kev') kevDateAdded = text(content.dateAdded);
  }
  return { ssvc, kevDateAdded };
}

const isVulnrichment = (adp: Json): boolean => {
  const provider = isObject(adp.providerMetadata) ? adp.providerMetadata : {};
  return provider.shortName === 'CISA-ADP' || adp.title === 'CISA ADP Vulnrichment';
};

/** Reads one CVE JSON 5 record. Only the id is required; anything else missing is left empty. */
export function readCve5Record(document: unknown, source = 'CVE record'): Cve5Record {
  if (!isCve5Record(document)) throw invalidInput(`${source}: not a CVE JSON 5 record (no dataType CVE_RECORD / cveMetadata)`);
  const metadata = isObject(document.cveMetadata) ? document.cveMetadata : {};
  const id = text(metadata.cveId);
  if (id === undefined || !/^CVE-\d{4}-\d{4,}$/.test(id)) throw invalidInput(`${source}: cveMetadata.cveId is missing or not a CVE id`);
  const containers = isObject(document.containers) ? document.containers : {};
  const cna = isObject(containers.cna) ? containers.cna : {};
  const descriptions = list(cna.descriptions).filter(isObject);
  const rejected = list(cna.rejectedReasons).filter(isObject);
  const english = [...descriptions, ...rejected].find((d) => typeof d.lang === 'string' && d.lang.toLowerCase().startsWith('en')) ?? descriptions[0] ?? rejected[0];
  const adp = list(containers.adp).filter(isObject).find(isVulnrichment);
  return {
    id,
    state: metadata.state === 'REJECTED' ? 'REJECTED' : 'PUBLISHED',
    assigner: text(metadata.assignerShortName),
    published: text(metadata.datePublished),
    updated: text(metadata.dateUpdated),
    description: text(english?.value) ?? '',
    cna: readContainer(cna),
    vulnrichment: adp ? { ...readContainer(adp), ...readOther(adp) } : undefined,
  };
}

/**
 * Reads what a CVE 5 file holds: one record (the cvelistV5 one-file-per-CVE layout), an array of
 * records, or an object with a `cves` / `vulnerabilities` array of them. A record that cannot be
 * read is a warning naming its position; the others are kept.
 */
export function readCve5Json(document: unknown, source = 'CVE records'): { records: Cve5Record[]; warnings: string[] } {
  if (isCve5Record(document)) return { records: [readCve5Record(document, source)], warnings: [] };
  const items = Array.isArray(document) ? document : isObject(document) ? list(document.cves ?? document.vulnerabilities) : [];
  const records: Cve5Record[] = [];
  const warnings: string[] = [];
  for (const [index, item] of items.entries()) {
    try {
      records.push(readCve5Record(item, `${source}[${index}]`));
    } catch (error) {
      warnings.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (records.length === 0) throw invalidInput(`${source}: no CVE JSON 5 record in it`);
  return { records, warnings };
}
