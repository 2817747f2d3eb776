import { compareDigits, sign, type Ordering, type VersionComparator } from './version-comparator.js';

/**
 * NVD states version ranges in each vendor's own notation and publishes no ordering rule, so this
 * is the ordering that makes its ranges mean what the records intend:
 * - dotted numbers compare part by part as integers (`2.14.1` < `2.15.0`, `2.9` < `2.10`);
 * - trailing zero parts do not matter (`2.15` = `2.15.0`);
 * - a letter run glued to or following a number is a later release (`1.0.1f` > `1.0.1`,
 *   `1.0.1f` < `1.0.1g`, `5.5p1` > `5.5`), except the pre-release words below, which sort before
 *   the bare version (`1.0.2-beta1` < `1.0.2`, `2.0-rc1` < `2.0`);
 * - at the same position a non-zero number outranks letters (`1.0.1` > `1.0.beta`, `1.0.1` > `1.0.a`).
 * Separators (`.`, `-`, `_`, `+`, `~`) only split tokens.
 */
type Token = { kind: 'num'; text: string } | { kind: 'word'; text: string };

const preReleaseRank: Readonly<Record<string, number>> = {
  dev: 1,
  snapshot: 1,
  alpha: 2,
  beta: 3,
  milestone: 4,
  pre: 5,
  preview: 5,
  rc: 6,
  cr: 6,
};

function tokenize(version: string): Token[] {
  const tokens: Token[] = [];
  for (const match of version.trim().toLowerCase().matchAll(/(\d+)|([a-z]+)/g)) {
    tokens.push(match[1] !== undefined ? { kind: 'num', text: match[1] } : { kind: 'word', text: match[2] ?? '' });
  }
  return tokens;
}

/**
 * Every token falls in a class and the classes are ordered; a missing token (the shorter version)
 * counts as zero. Ordering whole classes, rather than deciding case by case, keeps the relation
 * transitive: pre-release word < zero or nothing < other word < positive number.
 */
function tokenClass(token: Token | undefined): number {
  if (token === undefined) return 1;
  if (token.kind === 'num') return /^0+$/.test(token.text) ? 1 : 3;
  return preReleaseRank[token.text] !== undefined ? 0 : 2;
}

function compareTokens(x: Token | undefined, y: Token | undefined): Ordering {
  const cx = tokenClass(x);
  const cy = tokenClass(y);
  if (cx !== cy) return cx < cy ? -1 : 1;
  if (x === undefined || y === undefined || cx === 1) return 0;
  if (x.kind === 'num' && y.kind === 'num') return compareDigits(x.text, y.text);
  const rx = preReleaseRank[x.text] ?? 0;
  const ry = preReleaseRank[y.text] ?? 0;
  if (rx !== ry) return sign(rx - ry);
  return x.text < y.text ? -1 : x.text > y.text ? 1 : 0;
}

export function compareGeneric(a: string, b: string): Ordering {
  const x = tokenize(a);
  const y = tokenize(b);
  const length = Math.max(x.length, y.length);
  for (let k = 0; k < length; k++) {
    const byToken = compareTokens(x[k], y[k]);
    if (byToken !== 0) return byToken;
  }
  return 0;
}

export const genericComparator: VersionComparator = {
  scheme: 'generic',
  compare: compareGeneric,
  isValid(version) {
    return /^[0-9A-Za-z]+([._+~-][0-9A-Za-z]+)*$/.test(version.trim()) && /\d/.test(version);
  },
};
