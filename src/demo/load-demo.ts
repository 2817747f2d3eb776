import { systemActor } from '../core/principal.js';
import { nationalSummary, type NationalSummary } from '../services/assessment/national-summary.js';
import type { ServiceContext } from '../services/context.js';
import { addUser } from '../services/users/add-user.js';
import { hashPassword } from '../services/users/password-hashing.js';
import { newSecret } from '../services/ids.js';
import { wannaCry } from './demo-catalogue.js';
import { closeDemoRun, newDemoRun, type DemoCounts } from './demo-run.js';
import { demoSteps, type DemoOptions } from './demo-steps.js';

export type DemoLogin = { email: string; password: string; role: string; organisation: string | null };
export type DemoSummary = {
  organisations: number;
  /** False when the estate was already there: only the logins were refreshed. */
  generated: boolean;
  counts: DemoCounts;
  seconds: number;
  national: Pick<
    NationalSummary,
    'assessed' | 'average' | 'median' | 'passing' | 'acceptable' | 'distribution' | 'weakestAreas' | 'trend'
  >;
  logins: DemoLogin[];
};

export const defaultDemoOptions: DemoOptions = { organisations: 10, devicesPerOrg: 60, seed: 'ward-demo' };

const actor = systemActor('demo');

/**
 * Loads the demo national estate: real NHS organisations, the bundled intel, and evidence from
 * 2017 to today through the real import path, assessed at each point in time, with the WannaCry
 * alert replayed (see demo-steps.ts for the steps). Deterministic for a seed. Running it again
 * on a database that holds the estate only issues fresh passwords, so the printed logins work.
 */
export async function loadDemo(
  context: ServiceContext,
  options: Partial<DemoOptions> & {
    /** false: organisations and logins only (tests of other parts). */ estate?: boolean;
  } = {},
  onProgress: (message: string) => void = () => undefined,
): Promise<DemoSummary> {
  const settings: DemoOptions = { ...defaultDemoOptions, ...options };
  const estate = options.estate ?? true;
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  const run = newDemoRun(context, actor, settings.seed, (message) =>
    onProgress(`[${elapsed().toFixed(1)} s] ${message}`),
  );
  const loaded = await context.database.db
    .selectFrom('alerts')
    .select('id')
    .where('reference', '=', wannaCry.reference)
    .executeTakeFirst();
  try {
    for (const step of demoSteps) {
      if ((loaded || !estate) && step.id !== 'organisations') continue;
      run.progress(`${step.title}…`);
      await step.run(run, settings);
    }
  } finally {
    closeDemoRun(run);
  }
  const national = await nationalSummary(context, actor);
  const first = run.organisations[0];
  const logins: DemoLogin[] = [
    await demoUser(context, 'admin@ward.demo', 'National Admin (demo)', 'national-admin', null),
  ];
  if (first)
    logins.push(
      await demoUser(
        context,
        `admin@${first.odsCode.toLowerCase()}.ward.demo`,
        `${first.odsCode} admin (demo)`,
        'org-admin',
        first.odsCode,
      ),
    );
  const { assessed, average, median, passing, acceptable, distribution, weakestAreas, trend } = national;
  return {
    organisations: run.organisations.length,
    generated: !loaded && estate,
    counts: run.counts,
    seconds: elapsed(),
    national: { assessed, average, median, passing, acceptable, distribution, weakestAreas, trend },
    logins,
  };
}

async function demoUser(
  context: ServiceContext,
  email: string,
  displayName: string,
  role: string,
  odsCode: string | null,
): Promise<DemoLogin> {
  const password = `demo-${newSecret().slice(0, 16)}`;
  const { db } = context.database;
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) {
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password), failed_logins: 0, locked_until: null })
      .where('id', '=', existing.id)
      .execute();
  } else {
    await addUser(context, actor, { email, displayName, role, odsCode, password });
  }
  return { email, password, role, organisation: odsCode };
}
