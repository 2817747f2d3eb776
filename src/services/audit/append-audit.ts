import { sql, type Transaction } from 'kysely';
import { principalId, type Actor } from '../../core/principal.js';
import type { EngineCapabilities } from '../../storage/capabilities.js';
import type { Database } from '../../storage/schema.js';
import { genesisHash, hashAuditRow, type AuditFields } from './audit-entry.js';

export type AuditEvent = {
  action: string;
  objectType: string;
  objectId: string | null;
  organisationId: string | null;
  details?: Record<string, unknown>;
};

/** Any number that fits PostgreSQL's advisory lock key: it names "the audit chain". */
const auditChainLockKey = 804_311_017;

/**
 * Appends one audit row inside the caller's transaction, so the change and its record commit or
 * vanish together. Writers are serialised so the chain never forks.
 */
export async function appendAudit(
  trx: Transaction<Database>,
  capabilities: EngineCapabilities,
  actor: Actor,
  event: AuditEvent,
  at: Date,
): Promise<void> {
  if (capabilities.advisoryLocks) {
    await sql`select pg_advisory_xact_lock(${sql.lit(auditChainLockKey)})`.execute(trx);
  }
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const fields: AuditFields = {
    seq: (last?.seq ?? 0) + 1,
    at: at.toISOString(),
    actor_type: actor.principal.type,
    actor_id: principalId(actor.principal),
    actor_label: actor.principal.label,
    action: event.action,
    object_type: event.objectType,
    object_id: event.objectId,
    organisation_id: event.organisationId,
    source_ip: actor.sourceIp ?? null,
    details: JSON.stringify(event.details ?? {}),
    prev_hash: last?.hash ?? genesisHash,
  };
  await trx.insertInto('audit_log').values({ ...fields, hash: hashAuditRow(fields) }).execute();
}
