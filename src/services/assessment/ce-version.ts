import type { CeVersion } from '../../assessment/controls.js';

/**
 * The requirements document an assessment follows when none is asked for: v3.3 "Danzell" for
 * assessments on or after 28 April 2026 (IASME: accounts created after 27 April 2026), v3.2 before
 * (DOMAIN.md §1.1). Ward assesses continuously rather than per certification account, so the as-of
 * date stands in for the account's creation date.
 */
export const danzellFrom = '2026-04-28';

export function ceVersionFor(asOfDay: string): CeVersion {
  return asOfDay >= danzellFrom ? '3.3' : '3.2';
}
