import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';

export type AuditListing = {
  entries: {
    seq: number;
    at: string;
    actor: { type: string; id: string | null; label: string };
    action: string;
    object: { type: string; id: string | null };
    organisationId: string | null;
    sourceIp: string | null;
    details: unknown;
  }[];
};

/** The newest entries first, either nationally or for one organisation (organisation admins). */
export async function listAudit(
  context: ServiceContext,
  actor: Actor,
  query: { odsCode?: string; beforeSeq?: number; limit: number },
): Promise<AuditListing> {
  const { db } = context.database;
  let builder = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(query.limit);
  if (query.odsCode !== undefined) {
    const organisation = await findOrganisation(context, query.odsCode);
    authorize(actor.principal, 'audit:read', organisation.id);
    builder = builder.where('organisation_id', '=', organisation.id);
  } else {
    authorize(actor.principal, 'audit:read-national');
  }
  if (query.beforeSeq !== undefined) builder = builder.where('seq', '<', query.beforeSeq);
  const rows = await builder.execute();
  return {
    entries: rows.map((row) => ({
      seq: row.seq,
      at: row.at,
      actor: { type: row.actor_type, id: row.actor_id, label: row.actor_label },
      action: row.action,
      object: { type: row.object_type, id: row.object_id },
      organisationId: row.organisation_id,
      sourceIp: row.source_ip,
      details: JSON.parse(row.details) as unknown,
    })),
  };
}
