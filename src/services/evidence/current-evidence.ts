import { sql } from 'kysely';
import type { WardDatabase } from '../../storage/open-database.js';

/** One import whose rows are the current word of its format about one device. */
export type CurrentDeviceImport = { deviceId: string; importId: string; format: string; completedAt: string };

/**
 * What Ward believes about a device now: for each (device, format) pair, the rows of the NEWEST
 * completed import of that format that described the device. Older imports of the same format are
 * history; imports of other formats stay current side by side (a Nessus scan does not erase an
 * osquery inventory). Every reader of "the estate as it is" (matching, assessment, alerts) uses
 * this one rule so they never disagree.
 */
export async function currentDeviceImports(database: WardDatabase, organisationId: string): Promise<CurrentDeviceImport[]> {
  const rows = await database.db
    .selectFrom('device_observations as d')
    .innerJoin('imports as i', (join) => join.onRef('i.id', '=', 'd.import_id').onRef('i.organisation_id', '=', 'd.organisation_id'))
    .where('d.organisation_id', '=', organisationId)
    .where('i.status', '=', 'completed')
    .select([
      'd.device_id as deviceId',
      'd.import_id as importId',
      'i.format as format',
      'i.completed_at as completedAt',
      sql<number | string>`row_number() over (partition by d.device_id, i.format order by i.completed_at desc, i.id desc)`.as('rank'),
    ])
    .distinct()
    .execute();
  return rows.filter((row) => Number(row.rank) === 1).map(({ deviceId, importId, format, completedAt }) => ({ deviceId, importId, format, completedAt: completedAt ?? '' }));
}
