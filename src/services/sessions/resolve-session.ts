import type { Principal } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { readingContext } from '../reading-context.js';
import { hashSecret } from '../ids.js';
import type { SessionStage } from './create-session.js';
import { loadUserPrincipal } from './user-principal.js';

/** `stage` other than 'full': the caller may only finish signing in or set up a second factor. */
export type ResolvedSession = { sessionId: string; principal: Principal; stage: SessionStage };

/** Writing last_seen_at on every request would turn every read into a write; once a minute is enough. */
const touchIntervalMs = 60_000;

/** Sessions whose last_seen_at is being written by a request of this process now. */
const touching = new Set<string>();

/** The principal behind a session cookie, or null when it is unknown, revoked, idle too long or expired. */
export async function resolveSession(context: ServiceContext, token: string): Promise<ResolvedSession | null> {
  const { db } = context.database;
  const now = context.clock.now();
  // Every signed-in request passes here: read on the read connection, not behind an import's transaction.
  const reading = readingContext(context);
  const session = await reading.database.db.selectFrom('sessions').selectAll().where('token_hash', '=', hashSecret(token)).executeTakeFirst();
  if (!session || session.revoked_at !== null) return null;
  const idleLimit = new Date(Date.parse(session.last_seen_at) + context.security.sessionIdleMinutes * 60_000);
  if (session.expires_at <= now.toISOString() || idleLimit <= now) return null;
  const principal = await loadUserPrincipal(reading, session.user_id);
  if (!principal) return null;
  // One touch per session at a time: many concurrent requests of one session (a dashboard left
  // open in tabs, a load test) must not all queue on the writing connection behind an import.
  if (now.getTime() - Date.parse(session.last_seen_at) > touchIntervalMs && !touching.has(session.id)) {
    touching.add(session.id);
    try {
      await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', session.id).execute();
    } finally {
      touching.delete(session.id);
    }
  }
  const stage: SessionStage = session.stage === 'totp-pending' || session.stage === 'totp-enrol' ? session.stage : 'full';
  return { sessionId: session.id, principal, stage };
}
