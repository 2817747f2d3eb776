/**
 * CVSS v3.x base scores from vector strings, for evidence that carries a vector but no score (some
 * scanner exports, SBOM VEX entries). The arithmetic is ae-cvss-calculator's; this module only
 * decides what counts as a v3 base vector, so hostile text never reaches the library (which
 * throws or warns on the console for what it does not know).
 */
import calculator from 'ae-cvss-calculator';

// A UMD bundle: Node sees no named ESM exports, only the default one.
const { Cvss3P0, Cvss3P1 } = calculator;

// The eight base metrics in the specification's order; temporal and environmental metrics may follow.
const baseVector = /^CVSS:3\.([01])\/AV:[NALP]\/AC:[LH]\/PR:[NLH]\/UI:[NR]\/S:[UC]\/C:[NLH]\/I:[NLH]\/A:[NLH](\/(E|RL|RC|CR|IR|AR|MAV|MAC|MPR|MUI|MS|MC|MI|MA):[A-Z])*$/;

/** The base score (0.0–10.0) of a CVSS v3.0 or v3.1 vector, or undefined when it is not one. */
export function cvssV3BaseScore(vector: string): number | undefined {
  const trimmed = vector.trim();
  if (trimmed.length > 200) return undefined;
  const match = baseVector.exec(trimmed);
  if (!match) return undefined;
  try {
    const cvss = match[1] === '1' ? new Cvss3P1(trimmed) : new Cvss3P0(trimmed);
    const base = cvss.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
  } catch {
    return undefined;
  }
}
