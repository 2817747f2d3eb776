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
  if (now.getTime() - Date.parse(session.last_seen_at) > touchIntervalMs) {
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', session.id).execute();
  }
  const stage: SessionStage = session.stage === 'totp-pending' || session.stage === 'totp-enrol' ? session.stage : 'full';
  return { sessionId: session.id, principal, stage };
}
