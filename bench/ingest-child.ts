/**
 * One measured step of `npm run bench:ingest`, run in a process of its own so that its peak RSS
 * is the step's alone. Prints one JSON line on stdout.
 *
 *   ingest-child.ts parse FILE FORMAT           parse only, counting records
 *   ingest-child.ts import DATABASE_URL FILE    migrate, add the bench organisation, import FILE
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { systemClock } from '../src/core/clock.js';
import { systemActor } from '../src/core/principal.js';
import { evidenceFormats } from '../src/ingest/formats/index.js';
import { defaultSecuritySettings, type ServiceContext } from '../src/services/context.js';
import { importEvidence } from '../src/services/imports/import-evidence.js';
import { addOrganisation } from '../src/services/organisations/add-organisation.js';
import { parseDatabaseUrl } from '../src/storage/database-url.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { openDatabase } from '../src/storage/open-database.js';

/** Wall seconds of the measured work, the whole process's CPU seconds and peak RSS. */
export type ChildResult = { seconds: number; cpuSeconds: number; maxRssBytes: number; records?: number; summary?: Record<string, unknown> };

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function parse(file: string, formatId: string): Promise<ChildResult> {
  const format = evidenceFormats.find((candidate) => candidate.id === formatId);
  if (!format) throw new Error(`unknown format ${formatId}`);
  const start = process.hrtime.bigint();
  let records = 0;
  for await (const record of format.parse(createReadStream(file, { highWaterMark: 256 * 1024 }), { fileName: basename(file) })) {
    if (record.kind !== 'warning') records += 1;
  }
  return { seconds: seconds(start), cpuSeconds: cpuSeconds(), maxRssBytes: process.resourceUsage().maxRSS * 1024, records };
}

async function importFile(url: string, file: string): Promise<ChildResult> {
  const database = await openDatabase(parseDatabaseUrl(url));
  try {
    await migrateToLatest(database);
    const context: ServiceContext = { database, clock: systemClock, security: defaultSecuritySettings };
    const actor = systemActor('bench');
    await addOrganisation(context, actor, { odsCode: 'B3NCH', name: 'Bench Trust', kind: 'trust', region: null });
    const start = process.hrtime.bigint();
    const summary = await importEvidence(context, actor, { odsCode: 'B3NCH', filePath: file, fileName: basename(file) });
    return { seconds: seconds(start), cpuSeconds: cpuSeconds(), maxRssBytes: process.resourceUsage().maxRSS * 1024, summary };
  } finally {
    await database.close();
  }
}

const [mode, first, second] = process.argv.slice(2);
if (first === undefined || second === undefined) throw new Error('usage: ingest-child.ts parse FILE FORMAT | import DATABASE_URL FILE');
const result = mode === 'parse' ? await parse(first, second) : await importFile(first, second);
process.stdout.write(`${JSON.stringify(result)}\n`);
