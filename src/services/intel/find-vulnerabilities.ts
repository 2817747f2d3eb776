import { authorize } from '../../core/authorization.js';
import { invalidInput } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { ANY, formatCpe, literal, parseCpe, type CpeName } from '../../intel/cpe/index.js';
import { evaluateApplicability, type MatchEvidence, type NvdCve } from '../../intel/nvd/index.js';
import type { CveTable } from '../../storage/schema.js';
import type { ServiceContext } from '../context.js';
import { indexValue } from './store-nvd-records.js';
import { deserialiseConfigurations } from './stored-configurations.js';
import { chunks } from './upsert-helpers.js';

export type FindVulnerabilitiesInput = { cpe?: string | undefined; product?: string | undefined };

export type Cvss = { score: number; vector: string } | null;

export type FixDate = {
  date: string;
  source: 'msrc' | 'kev';
  /** `released`: the vendor's own date. `no-later-than`: only an upper bound is known. */
  precision: 'released' | 'no-later-than';
  detail: string;
};

export type Vulnerability = {
  cve: string;
  published: string;
  lastModified: string;
  description: string;
  cvss: { v4: Cvss; v3: Cvss; v2: Cvss };
  cwes: string[];
  kev: { dateAdded: string; dueDate: string; ransomware: string; requiredAction: string } | null;
  epss: { score: number; percentile: number; modelVersion: string | null; scoreDate: string | null } | null;
  fix: FixDate | null;
  reason: string;
  matches: MatchEvidence[];
};

export type VulnerabilityReport = {
  /** The platforms evaluated, as CPE formatted strings. */
  platforms: string[];
  /** CVEs whose cpeMatch index names the vendor and product: the ones evaluated in full. */
  candidates: number;
  vulnerabilities: Vulnerability[];
};

const others = { update: ANY, edition: ANY, language: ANY, swEdition: ANY, targetSw: ANY, targetHw: ANY, other: ANY };

/** `VENDOR:PRODUCT:VERSION`; the version keeps any further colons (Debian epochs such as `1:2.3`). */
function parseProduct(text: string): { vendor: string; product: string; version: string } {
  const [vendor, product, ...rest] = text.split(':');
  const version = rest.join(':');
  if (!vendor || !product || !version) throw invalidInput(`--product must be VENDOR:PRODUCT:VERSION, e.g. apache:log4j:2.14.1; got "${text}"`, { product: 'format' });
  return { vendor: vendor.toLowerCase(), product: product.toLowerCase(), version };
}

const cvss = (score: number | null, vector: string | null): Cvss => (score === null || vector === null ? null : { score, vector });

export function toNvdCve(row: CveTable): NvdCve {
  return {
    id: row.id,
    sourceIdentifier: undefined,
    published: row.published,
    lastModified: row.last_modified,
    vulnStatus: row.status,
    description: row.description,
    descriptions: [],
    metrics: [],
    cweIds: JSON.parse(row.cwes) as string[],
    references: [],
    configurations: deserialiseConfigurations(row.configurations),
    kev: undefined,
  };
}

/**
 * The CVEs that apply to one product version (intelligence is national data: any signed-in role).
 * Candidates come from the cpeMatch index by (vendor, product); each is then evaluated against its
 * whole stored configuration tree, so ranges, AND nodes and negations are honoured.
 */
export async function findVulnerabilities(context: ServiceContext, actor: Actor, input: FindVulnerabilitiesInput): Promise<VulnerabilityReport> {
  authorize(actor.principal, 'intel:read');
  if ((input.cpe === undefined) === (input.product === undefined)) throw invalidInput('Give either a CPE or VENDOR:PRODUCT:VERSION, not both or neither');
  const { db } = context.database;
  const given: CpeName | undefined = input.cpe !== undefined ? parseCpe(input.cpe) : undefined;
  const wanted = given ? { vendor: indexValue(given.vendor), product: indexValue(given.product) } : parseProduct(input.product ?? '');

  const candidates = await db
    .selectFrom('cve_cpe_matches')
    .select(['cve_id', 'part'])
    .distinct()
    .where('vendor', 'in', [wanted.vendor, '*'])
    .where('product', 'in', [wanted.product, '*'])
    .execute();

  let platforms: CpeName[];
  if (given) platforms = [given];
  else {
    // A bare product does not say whether it is an application, an OS or hardware: use the parts NVD gives it.
    const { vendor, product, version } = parseProduct(input.product ?? '');
    const parts = [...new Set(candidates.map((c) => c.part).filter((p) => p !== '*'))];
    platforms = (parts.length > 0 ? parts : ['a']).map((part) => ({ part: literal(part), vendor: literal(vendor), product: literal(product), version: literal(version), ...others }));
  }
  const device = { platforms: platforms.map((name) => ({ cpe: name })) };

  const ids = [...new Set(candidates.map((c) => c.cve_id))];
  const applicable: { row: CveTable; reason: string; matches: MatchEvidence[] }[] = [];
  for (const batch of chunks(ids)) {
    for (const row of await db.selectFrom('cves').selectAll().where('id', 'in', batch).execute()) {
      const result = evaluateApplicability(toNvdCve(row), device);
      if (result.applies) applicable.push({ row, reason: result.reason, matches: result.matches });
    }
  }

  const found = applicable.map((a) => a.row.id);
  const kev = new Map<string, { date_added: string; due_date: string; ransomware: string; required_action: string }>();
  const epss = new Map<string, { epss: number; percentile: number; model_version: string | null; score_date: string | null }>();
  const msrc = new Map<string, { release_date: string; kb: string; document_id: string }>();
  for (const batch of chunks(found)) {
    for (const r of await db.selectFrom('kev_entries').select(['cve_id', 'date_added', 'due_date', 'ransomware', 'required_action']).where('cve_id', 'in', batch).execute()) kev.set(r.cve_id, r);
    for (const r of await db.selectFrom('epss_scores').select(['cve_id', 'epss', 'percentile', 'model_version', 'score_date']).where('cve_id', 'in', batch).execute()) epss.set(r.cve_id, r);
    const fixes = await db.selectFrom('msrc_remediations').select(['cve_id', 'release_date', 'kb', 'document_id']).where('cve_id', 'in', batch).orderBy('release_date').orderBy('kb').execute();
    for (const r of fixes) if (!msrc.has(r.cve_id)) msrc.set(r.cve_id, r);
  }

  const vulnerabilities = applicable.map(({ row, reason, matches }): Vulnerability => {
    const k = kev.get(row.id);
    const e = epss.get(row.id);
    const m = msrc.get(row.id);
    let fix: FixDate | null = null;
    if (m) fix = { date: m.release_date, source: 'msrc', precision: 'released', detail: `KB${m.kb} in Microsoft's ${m.document_id} security update` };
    // CISA asks for updates only once the vendor has shipped one, so the date it was added bounds the fix date.
    else if (k && /apply (the )?updates?/i.test(k.required_action)) {
      fix = { date: k.date_added, source: 'kev', precision: 'no-later-than', detail: `CISA KEV required action on ${k.date_added}: ${k.required_action}` };
    }
    return {
      cve: row.id,
      published: row.published,
      lastModified: row.last_modified,
      description: row.description,
      cvss: { v4: cvss(row.cvss_v4_score, row.cvss_v4_vector), v3: cvss(row.cvss_v3_score, row.cvss_v3_vector), v2: cvss(row.cvss_v2_score, row.cvss_v2_vector) },
      cwes: JSON.parse(row.cwes) as string[],
      kev: k ? { dateAdded: k.date_added, dueDate: k.due_date, ransomware: k.ransomware, requiredAction: k.required_action } : null,
      epss: e ? { score: e.epss, percentile: e.percentile, modelVersion: e.model_version, scoreDate: e.score_date } : null,
      fix,
      reason,
      matches,
    };
  });
  // Known exploitation first, then likelihood, then severity: the order a patching team works in.
  const severity = (v: Vulnerability) => v.cvss.v4?.score ?? v.cvss.v3?.score ?? v.cvss.v2?.score ?? 0;
  vulnerabilities.sort((a, b) => Number(b.kev !== null) - Number(a.kev !== null) || (b.epss?.score ?? 0) - (a.epss?.score ?? 0) || severity(b) - severity(a) || a.cve.localeCompare(b.cve));
  return { platforms: platforms.map(formatCpe), candidates: ids.length, vulnerabilities };
}
