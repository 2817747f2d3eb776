import { sql } from 'kysely';
import type { ServiceContext } from '../context.js';
import type { OrganisationExposure } from '../exposure/organisation-exposure.js';
import { readOrganisationExposure } from '../exposure/read-organisation-exposure.js';
import { findAlert, toAlertRecord } from './alert-records.js';
import { latestIntelLoad, refreshExposures } from './exposure-runs.js';

/**
 * After an import commits: every alert the organisation must answer is recomputed from its new
 * current evidence (remediated when verified, re-opened when the condition is back). Called by
 * importEvidence; the scheduler catches up if the process died in between.
 */
export async function recomputeOrganisationAlerts(context: ServiceContext, organisationId: string): Promise<number> {
  const { db } = context.database;
  const rows = await db
    .selectFrom('alert_organisations as ao')
    .innerJoin('alerts as a', 'a.id', 'ao.alert_id')
    .innerJoin('organisations as o', 'o.id', 'ao.organisation_id')
    .selectAll('a')
    .select(['o.ods_code', 'o.name as organisation_name'])
    .where('ao.organisation_id', '=', organisationId)
    .execute();
  // Every alert judges the same current evidence: the organisation's matched exposure is read once.
  const reads = new Map<string, Promise<OrganisationExposure>>();
  const readExposure = (id: string): Promise<OrganisationExposure> => {
    const known = reads.get(id);
    if (known) return known;
    const read = readOrganisationExposure(context, id);
    reads.set(id, read);
    return read;
  };
  for (const row of rows) {
    await refreshExposures(context, toAlertRecord(row), [{ id: organisationId, odsCode: row.ods_code, name: row.organisation_name }], readExposure);
  }
  return rows.length;
}

/** Recomputes every organisation of one alert (an intel update changed what matches). */
export async function recomputeAlert(context: ServiceContext, reference: string): Promise<void> {
  const alert = await findAlert(context.database.db, reference);
  const intelAt = await latestIntelLoad(context);
  const organisations = await context.database.db
    .selectFrom('alert_organisations as ao')
    .innerJoin('organisations as o', 'o.id', 'ao.organisation_id')
    .select(['o.id', 'o.ods_code as odsCode', 'o.name'])
    .where('ao.alert_id', '=', alert.id)
    .execute();
  await refreshExposures(context, alert, organisations);
  await context.database.db.updateTable('alerts').set({ intel_seen_at: intelAt, computed_at: context.clock.now().toISOString() }).where('id', '=', alert.id).execute();
}

/**
 * Catch-up for the scheduler: organisations with an import completed after their last computation
 * (the importing process died before recomputing), and alerts computed before the newest intel load.
 */
export async function recomputeStale(context: ServiceContext): Promise<{ organisations: number; alerts: number }> {
  const { db } = context.database;
  const intelAt = await latestIntelLoad(context);
  let alerts = 0;
  if (intelAt !== null) {
    const stale = await db.selectFrom('alerts').select('reference').where((eb) => eb.or([eb('intel_seen_at', 'is', null), eb('intel_seen_at', '<', intelAt)])).execute();
    for (const alert of stale) {
      await recomputeAlert(context, alert.reference);
      alerts += 1;
    }
  }
  const staleOrganisations = await db
    .selectFrom('alert_organisations as ao')
    .select('ao.organisation_id')
    .distinct()
    .where((eb) =>
      eb.exists(eb.selectFrom('imports as i').select(sql.lit(1).as('one')).whereRef('i.organisation_id', '=', 'ao.organisation_id').where('i.status', '=', 'completed').whereRef('i.completed_at', '>', 'ao.computed_at')),
    )
    .execute();
  for (const row of staleOrganisations) await recomputeOrganisationAlerts(context, row.organisation_id);
  return { organisations: staleOrganisations.length, alerts };
}
