import type { ServiceContext } from '../context.js';
import { currentDeviceImports } from '../evidence/current-evidence.js';
import type { DeviceSoftwareExposure, OrganisationExposure } from './organisation-exposure.js';

/**
 * An organisation's installed software from its current evidence, with what matching found.
 * First version: software only; vulnerabilities, lifecycle and OS judgements arrive with the
 * estate matcher (issue 4), which replaces this body and keeps the signature.
 */
export async function readOrganisationExposure(context: ServiceContext, organisationId: string): Promise<OrganisationExposure> {
  const current = await currentDeviceImports(context.database, organisationId);
  const currentPairs = new Set(current.map((c) => `${c.deviceId} ${c.importId}`));
  const importIds = [...new Set(current.map((c) => c.importId))];
  const software: DeviceSoftwareExposure[] = [];
  for (let start = 0; start < importIds.length; start += 500) {
    const rows = await context.database.db
      .selectFrom('software')
      .select(['import_id', 'seq', 'device_id', 'name', 'vendor', 'version', 'cpe'])
      .where('organisation_id', '=', organisationId)
      .where('import_id', 'in', importIds.slice(start, start + 500))
      .execute();
    for (const row of rows) {
      if (!currentPairs.has(`${row.device_id} ${row.import_id}`)) continue;
      software.push({
        deviceId: row.device_id,
        softwareId: `${row.import_id}:${row.seq}`,
        name: row.name,
        ...(row.vendor ? { vendor: row.vendor } : {}),
        ...(row.version ? { version: row.version } : {}),
        ...(row.cpe ? { cpe: row.cpe, mappingConfidence: 1 } : {}),
        vulnerabilities: [],
      });
    }
  }
  return { organisationId, software, operatingSystems: [], unmapped: [] };
}
