import type { CvssScore, FindingRecord, Severity } from '../evidence.js';
import { arrayOrEmpty, isJsonObject, nonBlankString, type JsonObject } from '../text/json-values.js';

type Json = JsonObject;
const isObject = isJsonObject;
const str = nonBlankString;
const list = arrayOrEmpty;

const severityRank: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

// CycloneDX rating severities: critical, high, medium, low, info, none, unknown.
function severityOf(rating: Json): Severity | undefined {
  const named = str(rating.severity)?.toLowerCase();
  if (named === 'critical' || named === 'high' || named === 'medium' || named === 'low' || named === 'info')
    return named;
  if (named === 'none') return 'info';
  const score = typeof rating.score === 'number' ? rating.score : undefined;
  if (score === undefined) return undefined;
  // CVSS v3 qualitative bands.
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : score > 0 ? 'low' : 'info';
}

function cvssOf(rating: Json): CvssScore | undefined {
  const method = str(rating.method);
  const vector = str(rating.vector);
  let version: CvssScore['version'] | undefined;
  if (method === 'CVSSv2') version = '2.0';
  else if (method === 'CVSSv3') version = vector?.startsWith('CVSS:3.1/') ? '3.1' : '3.0';
  else if (method === 'CVSSv31') version = '3.1';
  else if (method === 'CVSSv4') version = '4.0';
  if (!version) return undefined;
  const score: CvssScore = { version };
  if (vector) score.vector = vector;
  if (typeof rating.score === 'number') score.baseScore = rating.score;
  return score;
}

// VEX analysis states under which the vulnerability does not apply to the product.
const notApplicable = new Set(['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree']);

export function isDismissed(vulnerability: Json): boolean {
  const state = isObject(vulnerability.analysis) ? str(vulnerability.analysis.state) : undefined;
  return state !== undefined && notApplicable.has(state);
}

/** One finding per embedded vulnerability; `names` maps bom-refs to "name version" for output. */
export function findingOf(
  vulnerability: Json,
  assetRef: string,
  names: ReadonlyMap<string, string>,
  path: string,
  file: string,
): FindingRecord | undefined {
  const id = str(vulnerability.id);
  if (!id) return undefined;
  const ratings = list(vulnerability.ratings).filter(isObject);
  const severities = ratings.map(severityOf).filter((s) => s !== undefined);
  const severity = severities.reduce<Severity>(
    (worst, s) => (severityRank.indexOf(s) > severityRank.indexOf(worst) ? s : worst),
    'info',
  );
  const cves = new Set<string>();
  for (const candidate of [
    id,
    ...list(vulnerability.references).map((r) => (isObject(r) ? str(r.id) : undefined)),
  ]) {
    if (candidate && /^CVE-\d{4}-\d{4,}$/i.test(candidate)) cves.add(candidate.toUpperCase());
  }
  const affected = list(vulnerability.affects)
    .map((a) => (isObject(a) ? str(a.ref) : undefined))
    .filter((r) => r !== undefined)
    .map((ref) => names.get(ref) ?? ref);
  const description = str(vulnerability.description);
  const finding: FindingRecord = {
    kind: 'finding',
    assetRef,
    tool: 'cyclonedx',
    checkId: id,
    title: description ? `${id}: ${firstSentence(description)}` : id,
    severity,
    cves: [...cves],
    cvss: ratings.map(cvssOf).filter((c) => c !== undefined),
    location: { file, path },
  };
  const recommendation = str(vulnerability.recommendation);
  if (recommendation) finding.solution = recommendation;
  const published = str(vulnerability.published);
  if (published) finding.vulnPublishedAt = published;
  if (affected.length > 0) finding.output = `Affects: ${affected.join('; ')}`;
  return finding;
}

function firstSentence(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? text;
  const end = line.search(/\.\s/);
  const sentence = end > 0 ? line.slice(0, end + 1) : line;
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}
