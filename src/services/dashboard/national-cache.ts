import type { WardDatabase } from '../../storage/open-database.js';
import type { ServiceContext } from '../context.js';

/**
 * Audited actions that change nothing the national figures show (sign-ins, users, tokens, webhooks,
 * failed notices, connector pulls), and imports: an import changes only the estate overview (devices,
 * recent imports, evidence ages), which may trail by up to the maximum age below, while its
 * re-assessment, when stored, is an audited change like any other. Without this every sign-in and
 * every upload in the country would rebuild the dashboard for every filter.
 */
const actionsIgnored = ['session.started', 'import.created', 'notification.failed', 'webhook.created'];
const actionPrefixesIgnored = ['user.', 'token.', 'connector.'];

/**
 * What the national figures are built from, as one cheap value: it changes whenever anything they
 * read changes. Every change made through a use case appends to the audit log in its own
 * transaction (organisations, assessments, alerts and their acknowledgements, incidents, drills,
 * intel syncs); the newest entry of an action that can change the figures is read from the end of
 * the log (the primary key, backwards, until the first such entry). The two writes that are not
 * audited are counted directly: a new point of an alert's exposure burn-down (a changed affected
 * count always adds one) and an intel load (one intel_sources row each). The audit chain's writers
 * are serialised until they commit (an advisory lock on PostgreSQL, the one writer on SQLite), so
 * the value only grows in commit order, and every server process sharing the database sees the same.
 */
export async function nationalDataVersion(database: WardDatabase): Promise<string> {
  const row = await (database.reader ?? database.db)
    .selectNoFrom((eb) => [
      eb
        .selectFrom('audit_log')
        .select('seq')
        .where('action', 'not in', actionsIgnored)
        .where((w) => w.and(actionPrefixesIgnored.map((prefix) => w('action', 'not like', `${prefix}%`))))
        .orderBy('seq', 'desc')
        .limit(1)
        .as('audit'),
      eb.selectFrom('alert_exposure_snapshots').select((s) => s.fn.countAll<number | string>().as('v')).as('exposure'),
      eb.selectFrom('intel_sources').select((s) => s.fn.countAll<number | string>().as('v')).as('intel'),
    ])
    .executeTakeFirstOrThrow();
  return `${String(row.audit ?? 0)}|${String(row.exposure ?? 0)}|${String(row.intel ?? 0)}`;
}

type Entry = { version: string; builtAt: number; value: Promise<unknown> };

/**
 * Figures that also depend on the time (deadlines passed, evidence ages, "as of") and on imports
 * (the estate overview) are rebuilt at least this often even when nothing else was written.
 */
export const nationalCacheMaxAgeMs = 30_000;

/** Filters are free text (a region): a bounded number of them is kept, the oldest dropped first. */
const maxEntries = 64;

const caches = new WeakMap<WardDatabase, Map<string, Entry>>();

/**
 * `build()`'s result for `key`, kept while the national data version is unchanged (checked with one
 * query on every call, so a write by any process is seen by the next read) and younger than
 * `nationalCacheMaxAgeMs` by the context's clock. Concurrent callers that see the same version share
 * one build. The version is read before building, so a kept value is never older than its version.
 * Callers authorise first, put everything the value depends on into `key`, and build through
 * `readingContext(context)` (the connection the version is read on).
 */
export async function cachedNational<T>(context: ServiceContext, key: string, build: () => Promise<T>): Promise<T> {
  const { database } = context;
  const version = await nationalDataVersion(database);
  const now = context.clock.now().getTime();
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new Map<string, Entry>()));
  const known = cache.get(key);
  if (known && known.version === version && now - known.builtAt < nationalCacheMaxAgeMs && now >= known.builtAt) return known.value as Promise<T>;
  const entry: Entry = { version, builtAt: now, value: build() };
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > maxEntries) cache.delete(cache.keys().next().value ?? key);
  entry.value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return entry.value as Promise<T>;
}
