/** Test support for the storage-backed assessment tests: imports of written evidence files, an OS lifecycle seam. */
import type { SupportWindow } from '../../assessment/assessment-input.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import type { ReadOrganisationExposure } from '../exposure/organisation-exposure.js';
import { readOrganisationExposure } from '../exposure/read-organisation-exposure.js';
import { importEvidence } from '../imports/import-evidence.js';
import { writeTemp } from './evidence-files.js';

export async function importText(context: ServiceContext, actor: Actor, odsCode: string, fileName: string, text: string, options: { boundary?: boolean } = {}) {
  return importEvidence(context, actor, { odsCode, filePath: writeTemp(fileName, text), fileName, ...(options.boundary ? { boundary: true } : {}) });
}

/**
 * The real exposure reader plus OS support windows chosen by host name. Operating-system lifecycle
 * judgements come from the estate matcher (issue 4); until its reader returns them, the tests of
 * the assembler's OS-support and ESU handling feed the windows through this seam.
 */
export function withOsSupport(windows: (hostname: string) => SupportWindow | undefined): ReadOrganisationExposure {
  return async (context, organisationId) => {
    const exposure = await readOrganisationExposure(context, organisationId);
    const devices = await context.database.db.selectFrom('devices').select(['id', 'hostname']).where('organisation_id', '=', organisationId).execute();
    const operatingSystems = devices.flatMap((d) => {
      const support = windows((d.hostname ?? '').toLowerCase());
      return support === undefined ? [] : [{ deviceId: d.id, support, vulnerabilities: [] }];
    });
    return { ...exposure, operatingSystems: [...exposure.operatingSystems, ...operatingSystems] };
  };
}

export const windows10: SupportWindow = { cycle: '10-22h2', supportEndsOn: '2025-10-14', extendedSupportEndsOn: '2028-10-10' };
export const windows11: SupportWindow = { cycle: '11-24h2-e', supportEndsOn: '2027-10-12' };
