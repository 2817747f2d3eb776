import { invalidInput } from '../../core/errors.js';
import { distroOfEcosystem } from './distro.js';
import type { OsvAffected, OsvEvent, OsvRange, OsvRecord } from './osv-model.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const strings = (value: unknown): string[] => list(value).filter((v): v is string => typeof v === 'string');

/** An OSV record has an `id`, a `modified` time and `affected` packages or `aliases`; nothing else has that shape here. */
export function isOsvRecord(document: unknown): document is Json {
  return isObject(document) && typeof document.id === 'string' && typeof document.modified === 'string' && ('affected' in document || 'aliases' in document) && !('dataType' in document);
}

function readEvent(raw: unknown): OsvEvent | undefined {
  if (!isObject(raw)) return undefined;
  for (const key of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
    const value = text(raw[key]);
    if (value !== undefined) return { [key]: value } as OsvEvent;
  }
  return undefined;
}

function readRange(raw: unknown): OsvRange | undefined {
  if (!isObject(raw) || (raw.type !== 'ECOSYSTEM' && raw.type !== 'SEMVER' && raw.type !== 'GIT')) return undefined;
  return { type: raw.type, events: list(raw.events).map(readEvent).filter((e) => e !== undefined) };
}

function readAffected(raw: unknown): OsvAffected | undefined {
  if (!isObject(raw) || !isObject(raw.package)) return undefined;
  const ecosystem = text(raw.package.ecosystem);
  const name = text(raw.package.name);
  if (ecosystem === undefined || name === undefined) return undefined;
  const specific = isObject(raw.ecosystem_specific) ? raw.ecosystem_specific : {};
  const binaries = list(specific.binaries).flatMap((b) => (isObject(b) && typeof b.binary_name === 'string' ? [b.binary_name] : []));
  return { ecosystem, distro: distroOfEcosystem(ecosystem), name, binaries, ranges: list(raw.ranges).map(readRange).filter((r) => r !== undefined), versions: strings(raw.versions) };
}

/** Reads one OSV record. Ranges and packages that do not follow the schema are left out, not fatal. */
export function readOsvRecord(document: unknown, source = 'OSV record'): OsvRecord {
  if (!isOsvRecord(document)) throw invalidInput(`${source}: not an OSV record (needs id, modified and affected)`);
  const id = text(document.id);
  const modified = text(document.modified);
  if (id === undefined || modified === undefined) throw invalidInput(`${source}: id and modified must not be empty`);
  const named = [...strings(document.aliases), ...strings(document.upstream), ...strings(document.related), id];
  return {
    id,
    modified,
    published: text(document.published),
    withdrawn: text(document.withdrawn),
    cves: [...new Set(named.filter((n) => /^CVE-\d{4}-\d{4,}$/.test(n)))],
    summary: text(document.summary) ?? text(document.details)?.slice(0, 300) ?? '',
    affected: list(document.affected).map(readAffected).filter((a) => a !== undefined),
  };
}

/** One record, an array of records, or an object with a `vulns` array (osv.dev's query answer). */
export function readOsvJson(document: unknown, source = 'OSV records'): { records: OsvRecord[]; warnings: string[] } {
  if (isOsvRecord(document)) return { records: [readOsvRecord(document, source)], warnings: [] };
  const items = Array.isArray(document) ? document : isObject(document) ? list(document.vulns) : [];
  const records: OsvRecord[] = [];
  const warnings: string[] = [];
  for (const [index, item] of items.entries()) {
    try {
      records.push(readOsvRecord(item, `${source}[${index}]`));
    } catch (error) {
      warnings.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (records.length === 0) throw invalidInput(`${source}: no OSV record in it`);
  return { records, warnings };
}
