import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { genesisHash, hashAuditRow } from './audit-entry.js';

export type AuditProblem = { seq: number; problem: 'edited' | 'missing-before' | 'broken-link' };
export type AuditVerification = { ok: boolean; rows: number; lastSeq: number | null; lastHash: string | null; problems: AuditProblem[] };

const pageSize = 5000;

/**
 * Walks the whole chain in order. A row whose content no longer matches its hash was edited; a gap in
 * the sequence or a prev_hash that is not the previous row's hash means rows were removed or
 * inserted. Truncating the newest rows leaves a valid shorter chain: compare `lastSeq`/`lastHash`
 * with a copy kept elsewhere to catch that.
 */
export async function verifyAudit(context: ServiceContext, actor: Actor): Promise<AuditVerification> {
  authorize(actor.principal, 'audit:verify');
  const { db } = context.database;
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let previousHash = genesisHash;
  let rows = 0;
  let lastSeq: number | null = null;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
    for (const row of page) {
      const seq = row.seq;
      if (seq !== expectedSeq) problems.push({ seq, problem: 'missing-before' });
      if (row.prev_hash !== previousHash) problems.push({ seq, problem: 'broken-link' });
      if (hashAuditRow(row) !== row.hash) problems.push({ seq, problem: 'edited' });
      previousHash = row.hash;
      expectedSeq = seq + 1;
      lastSeq = seq;
      rows += 1;
    }
    if (page.length < pageSize) break;
  }
  return { ok: problems.length === 0, rows, lastSeq, lastHash: lastSeq === null ? null : previousHash, problems };
}
