import { CoalescedRuns } from '../../core/coalesced-runs.js';
import type { ServiceContext } from '../context.js';
import { recomputeOrganisationAlerts } from './recompute-alerts.js';

/** Per service context (one per process in `ward serve`): its clock and database run the recompute. */
const runs = new WeakMap<ServiceContext, CoalescedRuns>();

/**
 * Recomputes an organisation's alerts after one of its imports committed, settling after a
 * recompute that started after the call (so it reads that commit). Uploads of one trust that finish
 * together share runs: twenty of them cost at most two recomputes (the one running and one after
 * it), not twenty, each of which would judge every device of the trust again.
 */
export function recomputeAfterImport(context: ServiceContext, organisationId: string): Promise<void> {
  let perContext = runs.get(context);
  if (!perContext) runs.set(context, (perContext = new CoalescedRuns((id) => recomputeOrganisationAlerts(context, id))));
  return perContext.request(organisationId);
}
