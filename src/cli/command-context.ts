import { userInfo } from 'node:os';
import { systemClock } from '../core/clock.js';
import { concurrencyGate } from '../core/concurrency-gate.js';
import { systemActor, type Actor } from '../core/principal.js';
import { loadSettings, type Settings } from '../config/settings.js';
import type { ServiceContext } from '../services/context.js';
import { migrateToLatest } from '../storage/migrate.js';
import { openDatabase } from '../storage/open-database.js';

export type GlobalOptions = { db?: string; json?: boolean };

export type CommandContext = { settings: Settings; services: ServiceContext; actor: Actor; close(): Promise<void> };

/** Opens the database named by --db or WARD_DB and brings its schema up to date. */
export async function openCommandContext(options: GlobalOptions, overrides: { port?: string; host?: string } = {}): Promise<CommandContext> {
  const settings = loadSettings(process.env, { ...(options.db !== undefined ? { db: options.db } : {}), ...overrides });
  const database = await openDatabase(settings.database, { poolSize: settings.limits.poolSize });
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    settings,
    services: { database, clock: systemClock, security: settings.security, connectors: settings.connectors, publicUrl: settings.http.publicUrl, importGate: concurrencyGate(settings.limits.importConcurrency) },
    actor: operatorActor(),
    close: () => database.close(),
  };
}

/** The operator at the command line, labelled with their login name. */
export function operatorActor(): Actor {
  let operator = 'operator';
  try {
    operator = userInfo().username;
  } catch {
    // No passwd entry (some containers): the generic label is enough.
  }
  return systemActor(`cli:${operator}`);
}

/** Runs `work` with an open context and always closes the database. */
export async function withCommandContext<T>(options: GlobalOptions, work: (context: CommandContext) => Promise<T>): Promise<T> {
  const context = await openCommandContext(options);
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}
