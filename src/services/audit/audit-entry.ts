import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../storage/schema.js';

export type AuditRow = Selectable<AuditLogTable>;
export type AuditFields = Omit<AuditRow, 'hash'>;

export const genesisHash = '0'.repeat(64);

/**
 * The hash covers every column but itself, in a fixed order, so changing any value of a row (or
 * removing a row, which breaks the next row's prev_hash) is detectable.
 */
export function hashAuditRow(row: AuditFields): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.actor_type,
    row.actor_id,
    row.actor_label,
    row.action,
    row.object_type,
    row.object_id,
    row.organisation_id,
    row.source_ip,
    row.details,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
