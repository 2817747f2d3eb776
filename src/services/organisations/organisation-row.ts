import type { Selectable } from 'kysely';
import { isOrganisationKind, type Organisation } from '../../core/organisation.js';
import type { OrganisationTable } from '../../storage/schema.js';

export function toOrganisation(row: Selectable<OrganisationTable>): Organisation {
  return {
    id: row.id,
    odsCode: row.ods_code,
    name: row.name,
    kind: isOrganisationKind(row.kind) ? row.kind : 'other',
    region: row.region,
    parentId: row.parent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
