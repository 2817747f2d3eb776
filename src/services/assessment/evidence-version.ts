import type { ServiceContext } from '../context.js';

/** What an assessment was computed from: the newest completed import and the newest intel load. */
export type EvidenceVersions = {
  evidenceImportId: string | null;
  evidenceAt: string | null;
  intelSourceId: string | null;
  intelAt: string | null;
};

export async function evidenceVersions(context: ServiceContext, organisationId: string): Promise<EvidenceVersions> {
  const { db } = context.database;
  const lastImport = await db
    .selectFrom('imports')
    .select(['id', 'completed_at'])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'completed')
    .orderBy('completed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lastIntel = await db.selectFrom('intel_sources').select(['id', 'loaded_at']).orderBy('loaded_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return {
    evidenceImportId: lastImport?.id ?? null,
    evidenceAt: lastImport?.completed_at ?? null,
    intelSourceId: lastIntel?.id ?? null,
    intelAt: lastIntel?.loaded_at ?? null,
  };
}
