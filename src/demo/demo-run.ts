/** What every demo step shares: the services with the demo's movable clock, the estate, counts and progress. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorize } from '../core/authorization.js';
import type { Actor } from '../core/principal.js';
import { evidenceFormats } from '../ingest/formats/index.js';
import { processDueAssessments } from '../services/assessment/process-due-assessments.js';
import type { ServiceContext } from '../services/context.js';
import { importEvidence } from '../services/imports/import-evidence.js';
import { storeImport } from '../services/imports/import-evidence.js';
import type { Round } from './demo-catalogue.js';
import { demoDevice, type DemoDevice, type DemoOrganisation } from './demo-estate.js';
import { boundaryFile, entraRegistrationFile, inventoryFile, recordsDigest, scanRecords } from './demo-evidence.js';

export type DemoCounts = {
  imports: number;
  devices: number;
  assessments: number;
  acknowledgements: number;
  manualResults: number;
};

/** A clock the demo moves through history; every use case reads time from it. */
export type DemoClock = { now(): Date; set(at: Date | string): void };

export function demoClock(start: Date): DemoClock {
  let at = start;
  return { now: () => at, set: (next) => (at = typeof next === 'string' ? new Date(next) : next) };
}

export type DemoRun = {
  /** The caller's services with `clock` replaced by the demo clock. */
  context: ServiceContext;
  clock: DemoClock;
  actor: Actor;
  seed: string;
  /** The real time the demo started: today's round is stamped just before it. */
  startedAt: Date;
  organisations: DemoOrganisation[];
  /** Organisation ids by ODS code. */
  ids: Map<string, string>;
  counts: DemoCounts;
  folder: string;
  progress(message: string): void;
};

export function newDemoRun(
  context: ServiceContext,
  actor: Actor,
  seed: string,
  progress: (message: string) => void,
): DemoRun {
  const startedAt = context.clock.now();
  const clock = demoClock(startedAt);
  return {
    context: { ...context, clock },
    clock,
    actor,
    seed,
    startedAt,
    organisations: [],
    ids: new Map(),
    counts: { imports: 0, devices: 0, assessments: 0, acknowledgements: 0, manualResults: 0 },
    folder: mkdtempSync(join(tmpdir(), 'ward-demo-')),
    progress,
  };
}

export function closeDemoRun(run: DemoRun): void {
  rmSync(run.folder, { recursive: true, force: true });
}

export function devicesOf(run: DemoRun, organisation: DemoOrganisation, round: Round): DemoDevice[] {
  return Array.from({ length: organisation.devices }, (_, index) =>
    demoDevice(run.seed, organisation, index, round),
  );
}

/** Imports a generated file through `importEvidence` (detection, parser, storage), as `ward import` does. */
export async function importFile(
  run: DemoRun,
  organisation: DemoOrganisation,
  fileName: string,
  text: string,
  options: { boundary?: boolean } = {},
): Promise<void> {
  const path = join(run.folder, fileName);
  writeFileSync(path, text);
  const summary = await importEvidence(run.context, run.actor, {
    odsCode: organisation.odsCode,
    filePath: path,
    fileName,
    ...(options.boundary === true ? { boundary: true } : {}),
  });
  rmSync(path, { force: true });
  if (!summary.duplicate) run.counts.imports += 1;
}

const nessus = evidenceFormats.find((f) => f.id === 'nessus');

/** Stores a credentialed scan's normalised records through `storeImport`, as a Nessus upload would. */
export async function importScan(
  run: DemoRun,
  organisation: DemoOrganisation,
  round: Round,
  devices: readonly DemoDevice[],
): Promise<void> {
  const organisationId = run.ids.get(organisation.odsCode);
  if (organisationId === undefined || nessus === undefined)
    throw new Error(`demo: ${organisation.odsCode} is not loaded`);
  authorize(run.actor.principal, 'import:create', organisationId);
  const records = scanRecords(organisation, devices, run.clock.now().toISOString());
  const sha256 = recordsDigest(records);
  const earlier = await run.context.database.db
    .selectFrom('imports')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (earlier) return;
  await storeImport(run.context, run.actor, organisationId, {
    fileName: `${organisation.odsCode}-${round.id}-credentialed.nessus`,
    sha256,
    size: records.length,
    format: nessus.id,
    parserVersion: nessus.version,
    // eslint-disable-next-line @typescript-eslint/require-await
    records: async function* () {
      yield* records;
    },
  });
  run.counts.imports += 1;
}

/** Cloud-account evidence starts with the 2025 round: MFA on cloud services is a requirement since 2022 (CE v3.0). */
export const hasCloudEvidence = (round: Round): boolean => round.at >= '2022-01-01';

/** One organisation's round: inventory file, the credentialed scan, the external boundary scan, the Entra ID registration export. */
export async function importRound(run: DemoRun, organisation: DemoOrganisation, round: Round): Promise<void> {
  const devices = devicesOf(run, organisation, round);
  await importFile(
    run,
    organisation,
    `${organisation.odsCode}-${round.id}-inventory.csv`,
    inventoryFile(devices),
  );
  await importScan(run, organisation, round, devices);
  await importFile(
    run,
    organisation,
    `${organisation.odsCode}-${round.id}-boundary.xml`,
    boundaryFile(run.seed, organisation, round.id),
    { boundary: true },
  );
  if (hasCloudEvidence(round))
    await importFile(run, organisation, `${organisation.odsCode}-${round.id}-entra-registration.json`, entraRegistrationFile(run.seed, organisation, round));
}

/** Assesses every organisation the imports marked due, at the demo clock's time (the history). */
export async function assessDue(run: DemoRun): Promise<void> {
  const outcomes = await processDueAssessments(run.context, run.actor);
  const failed = outcomes.find((o) => o.status === 'failed');
  if (failed && failed.status === 'failed')
    throw new Error(`demo: assessment of ${failed.organisationId} failed: ${failed.message}`);
  run.counts.assessments += outcomes.length;
}
