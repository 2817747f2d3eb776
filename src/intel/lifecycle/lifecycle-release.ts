/**
 * endoflife.date gives each milestone as a date, or as a boolean when the date is unknown:
 * `true` = the milestone has passed, `false` = it has not (and no date is announced).
 */
export type Milestone = string | boolean | undefined;

/** One release cycle of a product, normalised across the v0 API, the v1 API and the product pages. */
export type LifecycleRelease = {
  cycle: string;
  label: string | undefined;
  releaseDate: string | undefined;
  /** End of active support (v0 `support`, page `eoas`, v1 `eoasFrom`). */
  support: Milestone;
  /** End of security support (`eol`). */
  eol: Milestone;
  /** End of extended, usually paid, support such as Microsoft ESU (v0 `extendedSupport`, page `eoes`). */
  extendedSupport: Milestone;
  lts: boolean;
  latest: string | undefined;
};

export type DateOrBoolean = string | boolean;

export function milestone(value: unknown): Milestone {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return undefined;
}
