/**
 * Small conversions every scanner format needs: numbers, CVE ids, CVSS vectors, dates.
 * Scanner text is messy (padding, "N/A", "NOCVE"), so each returns undefined rather than guess.
 */
import type { CvssScore, Severity } from '../evidence.js';

export function parseScore(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number.parseFloat(text.trim());
  return Number.isFinite(value) && value >= 0 && value <= 10 ? value : undefined;
}

export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 0 && port <= 65535 ? port : undefined;
}

const cvePattern = /CVE-\d{4}-\d{4,}/gi;

/** Every CVE id in a text (comma, space or newline separated lists), upper-cased, in order, once each. */
export function cveIds(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set(Array.from(text.matchAll(cvePattern), (match) => match[0].toUpperCase()))];
}

export function addCves(target: string[], text: string | undefined): void {
  for (const cve of cveIds(text)) if (!target.includes(cve)) target.push(cve);
}

/**
 * A CVSS score from a vector in any of the spellings scanners use: "CVSS2#AV:N/…", bare v2
 * "AV:N/AC:L/Au:N/…", "CVSS:3.1/…", "CVSS:4.0/…". Vectors keep their CVSS:3.x/4.0 prefix; v2
 * vectors are stored bare, as NVD writes them.
 */
export function cvssScore(vector: string | undefined, baseScore: number | undefined, fallbackVersion?: CvssScore['version']): CvssScore | undefined {
  const trimmed = vector?.trim();
  let version = fallbackVersion;
  let normalised: string | undefined;
  if (trimmed) {
    const prefixed = /^CVSS:(3\.0|3\.1|4\.0)\//.exec(trimmed);
    if (prefixed) {
      version = prefixed[1] as CvssScore['version'];
      normalised = trimmed;
    } else if (/^(CVSS2#)?\(?AV:[LAN]\/AC:[HML]\/Au:[MSN]\//.test(trimmed)) {
      version = '2.0';
      normalised = trimmed.replace(/^CVSS2#/, '').replace(/^\((.*)\)$/, '$1');    } else if (fallbackVersion !== undefined && fallbackVersion !== '2.0' && /^AV:[NALP]\//.test(trimmed)) {
      // Some exports drop the "CVSS:x.y/" prefix of v3 and v4 vectors.
      normalised = `CVSS:${fallbackVersion}/${trimmed}`;
    }
  }
  if (version === undefined || (normalised === undefined && baseScore === undefined)) return undefined;
  const score: CvssScore = { version };
  if (normalised !== undefined) score.vector = normalised;
  if (baseScore !== undefined) score.baseScore = baseScore;
  return score;
}

/** NVD's qualitative bands for CVSS v3/v4, which Greenbone also uses for its severity. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** "2007/05/03" or "2007-05-03…" → "2007-05-03". */
export function isoDate(text: string | undefined): string | undefined {
  const match = text === undefined ? null : /^\s*(\d{4})[/-](\d{2})[/-](\d{2})/.exec(text);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** Unix seconds → ISO timestamp. */
export function isoFromEpoch(text: string | undefined): string | undefined {
  if (text === undefined || !/^\s*\d{9,11}\s*$/.test(text)) return undefined;
  return new Date(Number(text) * 1000).toISOString();
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * ctime-style "Mon Jul  1 11:33:11 2013", as Nessus and Nmap print times. The text carries no
 * zone; it is read as UTC, which is what scanners run on servers usually log.
 */
export function isoFromCtime(text: string | undefined): string | undefined {
  const match = text === undefined ? null : /^\s*\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const [, month, day, hours, minutes, seconds, year] = match;
  const monthIndex = months.indexOf(month ?? '');
  if (monthIndex < 0) return undefined;
  return new Date(Date.UTC(Number(year), monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds))).toISOString();
}

/** Trimmed text, or undefined when empty or a scanner's placeholder for "nothing". */
export function cleanText(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed && trimmed !== 'n/a' && trimmed !== 'N/A' ? trimmed : undefined;
}
