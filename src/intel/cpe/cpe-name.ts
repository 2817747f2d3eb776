/** The eleven attributes of a CPE 2.3 name, in formatted-string order (NISTIR 7695 §6.2). */
export const cpeAttributes = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'swEdition',
  'targetSw',
  'targetHw',
  'other',
] as const;

export type CpeAttribute = (typeof cpeAttributes)[number];

/**
 * One attribute value. ANY (`*`) and NA (`-`) are logical values, not strings. A string value keeps
 * its logical text (escapes removed: `foo\:bar` is `foo:bar`) and any unquoted wildcards, which
 * NISTIR 7695 only allows at the start and the end: `*` (any run) or one or more `?`.
 */
export type CpeValue =
  | { readonly kind: 'any' }
  | { readonly kind: 'na' }
  | { readonly kind: 'value'; readonly text: string; readonly prefix: string; readonly suffix: string };

export type CpeName = Readonly<Record<CpeAttribute, CpeValue>>;

export const ANY: CpeValue = { kind: 'any' };
export const NA: CpeValue = { kind: 'na' };

export function literal(text: string): CpeValue {
  return { kind: 'value', text, prefix: '', suffix: '' };
}

export function hasWildcard(value: CpeValue): boolean {
  return value.kind === 'value' && (value.prefix !== '' || value.suffix !== '');
}
