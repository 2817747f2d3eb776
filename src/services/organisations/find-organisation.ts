import { normaliseOdsCode, type Organisation } from '../../core/organisation.js';
import { notFound } from '../../core/errors.js';
import type { ServiceContext } from '../context.js';
import { toOrganisation } from './organisation-row.js';

/** Resolves an ODS code without any access check: callers authorise against the returned id. */
export async function findOrganisation(context: ServiceContext, odsCode: string): Promise<Organisation> {
  const code = normaliseOdsCode(odsCode);
  const row = await context.database.db.selectFrom('organisations').selectAll().where('ods_code', '=', code).executeTakeFirst();
  if (!row) throw notFound(`Organisation ${code}`);
  return toOrganisation(row);
}
