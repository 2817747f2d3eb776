import type { Kysely } from 'kysely';
import { notFound } from '../../core/errors.js';
import type { Database } from '../../storage/schema.js';

export type DrillRecord = { id: string; reference: string; title: string; startedAt: string; windowEndsAt: string; closedAt: string | null; startedBy: string };

export async function findDrill(db: Kysely<Database>, reference: string): Promise<DrillRecord> {
  const row = await db.selectFrom('drills').selectAll().where('reference', '=', reference.trim().toUpperCase()).executeTakeFirst();
  if (!row) throw notFound(`Drill ${reference.slice(0, 40)}`);
  return { id: row.id, reference: row.reference, title: row.title, startedAt: row.started_at, windowEndsAt: row.window_ends_at, closedAt: row.closed_at, startedBy: row.started_by };
}

/** Open until closed by hand or until its window has passed. */
export function drillState(drill: DrillRecord, now: Date): 'open' | 'window-ended' | 'closed' {
  if (drill.closedAt !== null) return 'closed';
  return drill.windowEndsAt <= now.toISOString() ? 'window-ended' : 'open';
}
