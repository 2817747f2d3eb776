/** The result of a three-way comparison, normalised so callers can switch on it. */
export type Ordering = -1 | 0 | 1;

/** Version schemes Ward knows how to order. Each has its own, incompatible rules. */
export type VersionScheme = 'generic' | 'dpkg' | 'rpm' | 'apk' | 'semver' | 'windows';

/**
 * One ordering per ecosystem. `compare` never throws on odd input: feeds carry versions that
 * their own tools accept with a warning, and a ranking decision must still be made. `isValid`
 * says whether the string follows the scheme strictly, so callers can flag doubtful inputs.
 */
export interface VersionComparator {
  readonly scheme: VersionScheme;
  compare(a: string, b: string): Ordering;
  isValid(version: string): boolean;
}

export function sign(n: number): Ordering {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Compares two digit runs of any length without losing precision (dates, UBRs, big builds). */
export function compareDigits(a: string, b: string): Ordering {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}
