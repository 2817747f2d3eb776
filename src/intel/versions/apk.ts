import { sign, type Ordering, type VersionComparator } from './version-comparator.js';

// Token kinds in the order Alpine's apk orders them when two versions part ways on a kind:
// a version whose next token is of a LATER kind is the smaller one (`1.0` < `1.0.1`, since the
// end comes after a further dotted number), except a pre-release suffix, which always loses.
const enum Kind {
  Invalid = -1,
  DigitOrZero = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNumber = 4,
  Revision = 5,
  End = 6,
}

const preSuffixes = ['alpha', 'beta', 'pre', 'rc'];
const postSuffixes = ['cvs', 'svn', 'git', 'hg', 'p'];

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';

/** A cursor over one version string: the kind of the token under it and the text left. */
type Cursor = { kind: Kind; text: string };

/** Which kind the next token is, from the separator in front of it and the kind just read. */
function advance(cursor: Cursor): void {
  const { text } = cursor;
  const previous = cursor.kind;
  let next: Kind = Kind.Invalid;
  let skip = 1;
  if (text.length === 0) {
    next = Kind.End;
    skip = 0;
  } else if ((previous === Kind.Digit || previous === Kind.DigitOrZero) && isLower(text[0])) {
    next = Kind.Letter;
    skip = 0;
  } else if (previous === Kind.Letter && isDigit(text[0])) {
    next = Kind.Digit;
    skip = 0;
  } else if (previous === Kind.Suffix && isDigit(text[0])) {
    next = Kind.SuffixNumber;
    skip = 0;
  } else if (text[0] === '.') next = Kind.DigitOrZero;
  else if (text[0] === '_') next = Kind.Suffix;
  else if (text[0] === '-' && text[1] === 'r') {
    next = Kind.Revision;
    skip = 2;
  }
  // Tokens only move forward through the kinds, with three allowed steps back.
  if (next < previous) {
    const allowed =
      (next === Kind.DigitOrZero && previous === Kind.Digit) ||
      (next === Kind.Suffix && previous === Kind.SuffixNumber) ||
      (next === Kind.Digit && previous === Kind.Letter);
    if (!allowed) next = Kind.Invalid;
  }
  cursor.kind = next;
  cursor.text = text.slice(skip);
}

function readNumber(cursor: Cursor): number {
  const digits = /^\d*/.exec(cursor.text)?.[0] ?? '';
  cursor.text = cursor.text.slice(digits.length);
  // Numbers beyond 2^53 only occur in date-stamped snapshots; a float keeps their order.
  return digits.length === 0 ? 0 : Number(digits);
}

/** Reads the token under the cursor, returns its value, and moves to the next one. */
function readToken(cursor: Cursor): number {
  let value: number;
  switch (cursor.kind) {
    case Kind.DigitOrZero:
      if (cursor.text.startsWith('0')) {
        // A component with leading zeros is a fraction (`1.02` < `1.1`): the number of zeros
        // beyond the first counts against it, and the digits follow as a token of their own.
        let zeros = 0;
        while (cursor.text[zeros + 1] === '0') zeros++;
        cursor.text = cursor.text.slice(zeros);
        cursor.kind = Kind.Digit;
        return -zeros;
      }
      value = readNumber(cursor);
      break;
    case Kind.Digit:
    case Kind.SuffixNumber:
    case Kind.Revision:
      value = readNumber(cursor);
      break;
    case Kind.Letter:
      value = cursor.text.charCodeAt(0);
      cursor.text = cursor.text.slice(1);
      break;
    case Kind.Suffix: {
      const name = /^[a-z]*/.exec(cursor.text)?.[0] ?? '';
      const pre = preSuffixes.indexOf(name);
      const post = postSuffixes.indexOf(name);
      if (pre < 0 && post < 0) {
        cursor.kind = Kind.Invalid;
        return -1;
      }
      cursor.text = cursor.text.slice(name.length);
      value = pre >= 0 ? pre - preSuffixes.length : post;
      break;
    }
    default:
      cursor.kind = Kind.Invalid;
      return -1;
  }
  advance(cursor);
  return value;
}

/**
 * Alpine apk-tools version order (`1.2.3_rc1-r0`): dotted numbers (a leading zero makes a
 * component a fraction), one letter, suffixes `_alpha` < `_beta` < `_pre` < `_rc` < none <
 * `_cvs` < `_svn` < `_git` < `_hg` < `_p`, each with an optional number, and the package
 * revision `-rN`. Written from the rules apk's own test data exercises (test/version.data).
 */
export function compareApk(a: string, b: string): Ordering {
  const x: Cursor = { kind: Kind.Digit, text: a.trim() };
  const y: Cursor = { kind: Kind.Digit, text: b.trim() };
  let valueX = 0;
  let valueY = 0;
  while (x.kind === y.kind && x.kind !== Kind.End && x.kind !== Kind.Invalid && valueX === valueY) {
    valueX = readToken(x);
    valueY = readToken(y);
  }
  if (valueX !== valueY) return sign(valueX - valueY);
  if (x.kind === y.kind) return 0;
  // Same so far: the longer one is newer, unless what it continues with is a pre-release suffix.
  if (x.kind === Kind.Suffix && readToken({ ...x }) < 0) return -1;
  if (y.kind === Kind.Suffix && readToken({ ...y }) < 0) return 1;
  return x.kind > y.kind ? -1 : 1;
}

const validApk = /^\d+(\.\d+)*[a-z]?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*(-r\d+)?$/;

export const apkComparator: VersionComparator = {
  scheme: 'apk',
  compare: compareApk,
  isValid: (version) => validApk.test(version.trim()),
};
