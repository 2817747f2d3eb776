/**
 * Values shared by both Qualys XML layouts: its 1–5 severity scale and its CVSS cells.
 */
import type { CvssScore, Severity } from '../evidence.js';
import { cvssScore, parseScore } from './scan-values.js';

/**
 * Qualys levels are Minimal, Medium, Serious, Critical, Urgent. Confirmed and potential
 * vulnerabilities map 1–2 → low, 3 → medium, 4 → high, 5 → critical; information gathered
 * (Ig, INFO, SERVICE) is informational whatever its level, as Qualys itself scores it.
 */
export function qualysSeverity(level: string | undefined, informational: boolean): Severity {
  if (informational) return 'info';
  switch (level?.trim()) {
    case '5':
      return 'critical';
    case '4':
      return 'high';
    case '3':
      return 'medium';
    case '1':
    case '2':
      return 'low';
    default:
      return 'info';
  }
}

/**
 * A CVSS cell: "10", "-", "" or "9.3 (AV:N/AC:M/Au:N/C:C/I:C/A:C)". Qualys writes v3 vectors
 * without the "CVSS:3.x/" prefix and reports 3.1 since 2020; the cell alone cannot tell 3.0.
 */
export function qualysCvss(cell: string | undefined, version: '2.0' | '3.1'): CvssScore | undefined {
  if (!cell) return undefined;
  const match = /^\s*([\d.]+)\s*(?:\(([^)]*)\))?/.exec(cell);
  if (!match) return undefined;
  const base = parseScore(match[1]);
  const vector = match[2]?.trim();
  if (version === '2.0') return cvssScore(vector, base, '2.0');
  return cvssScore(vector ? `CVSS:3.1/${vector}` : undefined, base, '3.1');
}
