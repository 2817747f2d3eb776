import type { ServiceContext } from '../context.js';
import type { NoticeOrganisation } from './alert-notices.js';
import type { AlertRecord } from './alert-records.js';
import { applyExposure } from './apply-exposure.js';
import { computeOrganisationExposures, type ExposureOptions, type OrganisationAlertExposure } from './compute-exposure.js';

/** True when intel could match the alert's CVEs to installed software (NVD ranges or Microsoft fixes). */
export async function intelKnowsCves(context: ServiceContext, cves: readonly string[]): Promise<boolean> {
  if (cves.length === 0) return false;
  const { db } = context.database;
  const nvd = await db.selectFrom('cve_cpe_matches').select('cve_id').where('cve_id', 'in', [...cves]).limit(1).executeTakeFirst();
  if (nvd) return true;
  return (await db.selectFrom('msrc_remediations').select('cve_id').where('cve_id', 'in', [...cves]).limit(1).executeTakeFirst()) !== undefined;
}

export async function latestIntelLoad(context: ServiceContext): Promise<string | null> {
  const row = await context.database.db.selectFrom('intel_sources').select((eb) => eb.fn.max('loaded_at').as('at')).executeTakeFirst();
  return row?.at ?? null;
}

/** Computes (reads only) the exposure of several organisations to one alert. */
export async function computeExposures(context: ServiceContext, alert: AlertRecord, organisationIds: readonly string[], readExposure?: ExposureOptions['readExposure']): Promise<OrganisationAlertExposure[]> {
  const useMatcher = await intelKnowsCves(context, alert.conditions.cves);
  return computeOrganisationExposures(context, alert.conditions, alert.issuedAt, organisationIds, { useMatcher, ...(readExposure ? { readExposure } : {}) });
}

/** Recomputes and stores the exposure of the given organisations, one transaction each. */
export async function refreshExposures(context: ServiceContext, alert: AlertRecord, organisations: readonly NoticeOrganisation[], readExposure?: ExposureOptions['readExposure']): Promise<void> {
  const exposures = await computeExposures(context, alert, organisations.map((o) => o.id), readExposure);
  for (const [k, exposure] of exposures.entries()) {
    const organisation = organisations[k];
    if (!organisation) continue;
    await context.database.db.transaction().execute((trx) => applyExposure(trx, context, alert, organisation, exposure, context.clock.now()));
  }
}
