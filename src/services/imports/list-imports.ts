import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { toImportSummary, type ImportSummary } from './import-summary.js';

/** An organisation's imports, newest first. */
export async function listImports(context: ServiceContext, actor: Actor, odsCode: string, options: { limit?: number } = {}): Promise<ImportSummary[]> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'import:list', organisation.id);
  const rows = await context.database.db
    .selectFrom('imports')
    .selectAll()
    .where('organisation_id', '=', organisation.id)
    .where('status', '=', 'completed')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000))
    .execute();
  return rows.map((row) => toImportSummary(row, false));
}
