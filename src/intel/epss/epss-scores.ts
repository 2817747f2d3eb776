import Papa from 'papaparse';
import { WardError, invalidInput } from '../../core/errors.js';

export type EpssScore = {
  cve: string;
  /** Probability of exploitation activity in the next 30 days, 0..1. */
  epss: number;
  percentile: number;
  /** Only in the KEV_EPSS combined file: NVD's CVSS v3 base score, when it had one. */
  cvss3?: number | undefined;
};

export type EpssFile = {
  /** From the leading `#model_version:…` line. Scores from different model versions are not comparable. */
  modelVersion: string | undefined;
  /** From the same line (`score_date:2026-05-18T00:00:00Z`); undefined for files without it. */
  scoreDate: string | undefined;
  shape: 'first-daily' | 'kev-epss';
  scores: EpssScore[];
};

const cvePattern = /^CVE-\d{4}-\d{4,}$/;

/** The comment line is `#key:value,key:value`; values may contain colons (ISO timestamps). */
function readComment(line: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of line.replace(/^#/, '').split(',')) {
    const colon = part.indexOf(':');
    if (colon > 0) fields.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  return fields;
}

function probability(value: string | undefined, what: string, where: string): number {
  const number = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw invalidInput(`${where}: ${what} must be a number from 0 to 1, got ${JSON.stringify(value ?? '')}`);
  }
  return number;
}

// Column layouts: FIRST's daily file, and jgamblin/KEV_EPSS's epss_kev_nvd.csv.
const layouts = {
  'first-daily': { header: ['cve', 'epss', 'percentile'], cve: 0, epss: 1, percentile: 2, cvss3: undefined },
  'kev-epss': { header: ['CVE', 'CVSS3', 'EPSS', 'EPSS Percentile', 'Description', 'Vendor', 'Product'], cve: 0, epss: 2, percentile: 3, cvss3: 1 },
} as const;

/**
 * Reads an EPSS CSV. The FIRST daily file starts with a `#model_version:…,score_date:…` comment
 * line that naive CSV readers mistake for the header; it is read here and kept. Line numbers in
 * errors are 1-based lines of the text.
 */
export function readEpssCsv(text: string, source = 'EPSS CSV'): EpssFile {
  const body = text.replace(/^\uFEFF/, '');
  const firstBreak = body.indexOf('\n');
  const firstLine = (firstBreak < 0 ? body : body.slice(0, firstBreak)).replace(/\r$/, '');
  const comment = firstLine.startsWith('#') ? readComment(firstLine) : undefined;
  const csv = comment ? body.slice(firstBreak + 1) : body;
  const lineOffset = comment ? 1 : 0;
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
  const error = parsed.errors[0];
  if (error) throw invalidInput(`${source}: line ${(error.row ?? 0) + 1 + lineOffset}: ${error.message}`);
  const [header, ...rows] = parsed.data;
  const shape = (Object.keys(layouts) as (keyof typeof layouts)[]).find(
    (key) => header !== undefined && layouts[key].header.every((column, index) => header[index]?.trim() === column),
  );
  if (shape === undefined) {
    throw invalidInput(`${source}: line ${1 + lineOffset}: expected header "cve,epss,percentile" (or the KEV_EPSS header), got "${header?.join(',') ?? ''}"`);
  }
  const layout = layouts[shape];
  const scores = rows.map((row, index): EpssScore => {
    // Rows carry no blank lines (skipped), so this is exact only for files without them.
    const where = `${source}: line ${index + 2 + lineOffset}`;
    const cve = row[layout.cve]?.trim() ?? '';
    if (!cvePattern.test(cve)) throw invalidInput(`${where}: not a CVE id: ${JSON.stringify(cve)}`);
    const cvssText = layout.cvss3 === undefined ? undefined : row[layout.cvss3]?.trim();
    const cvss3 = cvssText === undefined || cvssText === '' ? undefined : Number(cvssText);
    if (cvss3 !== undefined && !(cvss3 >= 0 && cvss3 <= 10)) throw invalidInput(`${where}: CVSS3 must be 0-10, got ${JSON.stringify(cvssText)}`);
    const score: EpssScore = { cve, epss: probability(row[layout.epss], 'epss', where), percentile: probability(row[layout.percentile], 'percentile', where) };
    return shape === 'kev-epss' ? { ...score, cvss3 } : score;
  });
  if (comment && !comment.has('model_version')) {
    throw new WardError('INVALID_INPUT', `${source}: line 1: comment line has no model_version`);
  }
  return { modelVersion: comment?.get('model_version'), scoreDate: comment?.get('score_date'), shape, scores };
}
