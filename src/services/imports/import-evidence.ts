import { stat } from 'node:fs/promises';
import { authorize } from '../../core/authorization.js';
import { yieldToEventLoop } from '../../core/yield-to-event-loop.js';
import { principalId, type Actor } from '../../core/principal.js';
import { detectFormat } from '../../ingest/detect-format.js';
import { WardError } from '../../core/errors.js';
import type { EvidenceRecord } from '../../ingest/evidence.js';
import { defaultMaxDecompressedBytes, isGzipFile, openEvidence, readSample } from '../../ingest/open-evidence.js';
import { runBulkTransaction } from '../../storage/bulk/run-bulk-transaction.js';
import { markAssessmentDue } from '../assessment/mark-assessment-due.js';
import { recomputeAfterImport } from '../alerts/recompute-after-import.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { cloudAccountRow, deviceObservationRow, evidenceTables, findingRow, observationRow, serviceRow, softwareRow, warningRow, type RowKey } from './evidence-tables.js';
import { hashFile } from './hash-file.js';
import { ImportDevices } from './import-devices.js';
import { toImportSummary, type ImportSummary } from './import-summary.js';
import { databaseUnreachable } from '../../storage/database-errors.js';

/** How often a long import lets the serving process answer other requests. */
const yieldEveryRecords = 5_000;

/** How much of a file is read before its transaction opens: all of a typical upload. */
export const readAheadLimits = { records: 20_000, bytes: 4 * 1024 * 1024 };

/** The records read ahead, then the rest of the file's records as the parser yields them. */
async function* readAheadThenRest(readAhead: readonly EvidenceRecord[], rest: AsyncIterator<EvidenceRecord> | undefined): AsyncGenerator<EvidenceRecord> {
  yield* readAhead;
  if (!rest) return;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
}

/** Records that belong to a device (everything but assets and warnings). */
type DeviceRecord = Exclude<EvidenceRecord, { kind: 'asset' } | { kind: 'warning' }>;

/** How many records may wait for their host to be described before the file is refused. */
const maxPendingRecords = 500_000;

export type ImportProgress = { bytesRead: number; totalBytes: number; records: number };

export type ImportEvidenceInput = {
  odsCode: string;
  /** The file on disk (the HTTP layer spools uploads to a temporary file first). */
  filePath: string;
  /** The name the user knows the file by: stored, and used in every error location. */
  fileName: string;
  /** A format id, overriding detection. */
  format?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Warnings beyond this many are counted but not stored. */
  maxWarningsKept?: number;
  maxDecompressedBytes?: number;
  /** An external scan of the organisation's internet boundary: its open services feed CE+ TC1. */
  boundary?: boolean;
};

const defaultMaxWarningsKept = 1000;

/**
 * Imports one evidence file into an organisation: all of it in ONE transaction with its import
 * row and audit entry, or nothing. A file already imported for the organisation (same SHA-256) is
 * reported as a duplicate and changes nothing.
 */
export function importEvidence(context: ServiceContext, actor: Actor, input: ImportEvidenceInput): Promise<ImportSummary> {
  // Uploads beyond the process's import concurrency wait their turn instead of exhausting the pool.
  return context.importGate ? context.importGate.run(() => importOne(context, actor, input)) : importOne(context, actor, input);
}

async function importOne(context: ServiceContext, actor: Actor, input: ImportEvidenceInput): Promise<ImportSummary> {
  const organisation = await findOrganisation(context, input.odsCode);
  authorize(actor.principal, 'import:create', organisation.id);
  const { size } = await stat(input.filePath);
  const sha256 = await hashFile(input.filePath);
  const existing = await earlierImport(context, organisation.id, sha256);
  if (existing) return toImportSummary(existing, true);

  // Parsers see the name without .gz so that name-based hints (osquery table files) still work.
  const innerName = (await isGzipFile(input.filePath)) ? input.fileName.replace(/\.gz$/i, '') : input.fileName;
  const format = detectFormat(await readSample(input.filePath, input.fileName), input.format);
  return storeImport(context, actor, organisation.id, {
    fileName: input.fileName,
    sha256,
    size,
    format: format.id,
    parserVersion: format.version,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.maxWarningsKept !== undefined ? { maxWarningsKept: input.maxWarningsKept } : {}),
    ...(input.boundary === true ? { boundary: true } : {}),
    async *records(onBytes) {
      const stream = await openEvidence(input.filePath, input.fileName, { maxDecompressedBytes: input.maxDecompressedBytes ?? defaultMaxDecompressedBytes, onBytes });
      try {
        yield* format.parse(stream, { fileName: innerName });
      } finally {
        stream.destroy();
      }
    },
  });
}

const earlierImport = (context: ServiceContext, organisationId: string, sha256: string) =>
  context.database.db.selectFrom('imports').selectAll().where('organisation_id', '=', organisationId).where('sha256', '=', sha256).executeTakeFirst();

/** One evidence set to store: its identity and where its records come from. */
export type ImportSource = {
  fileName: string;
  sha256: string;
  size: number;
  format: string;
  parserVersion: number;
  /** The records, in order; `onBytes` reports bytes read for progress. */
  records: (onBytes: (bytesRead: number) => void) => AsyncIterable<EvidenceRecord>;
  /** Several parts of one set each describe the same devices: keep the first description only. */
  firstAssetOnly?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  maxWarningsKept?: number;
  /** An external scan of the organisation's internet boundary (CE+ TC1). */
  boundary?: boolean;
};

/**
 * Stores one evidence set (one file, or every file of one connector pull) in ONE transaction with
 * its import row and audit entry, or nothing. The caller has authorised `import:create` and
 * looked for an earlier import of the same SHA-256.
 */
export async function storeImport(context: ServiceContext, actor: Actor, organisationId: string, source: ImportSource): Promise<ImportSummary> {
  const organisation = { id: organisationId };
  const input = { fileName: source.fileName, onProgress: source.onProgress, boundary: source.boundary };
  const { sha256, size } = source;
  const format = { id: source.format, version: source.parserVersion };
  const earlier = () => earlierImport(context, organisationId, sha256);
  const importId = newId();
  const now = context.clock.now();
  const counts = { assets: 0, software: 0, findings: 0, services: 0, observations: 0, cloudAccounts: 0, warnings: 0 };
  const maxWarningsKept = source.maxWarningsKept ?? defaultMaxWarningsKept;
  let records = 0;
  let bytesRead = 0;
  const readAhead: EvidenceRecord[] = [];
  // Records read so far: those read ahead, then those stored inside the transaction.
  const report = () => input.onProgress?.({ bytesRead, totalBytes: size, records: Math.max(records, readAhead.length) });

  // A small file is read (and parsed) before the transaction opens, a large one up to the limits: on
  // SQLite the one writing connection is then held for the writes only, not across every wait for
  // the disk while the server is busy with other requests (under load each wait is a full turn of
  // the event loop, and every other upload queues behind the connection meanwhile).
  const iterator = source.records((read) => {
    bytesRead = read;
    report();
  })[Symbol.asyncIterator]();
  let readToEnd = false;
  while (readAhead.length < readAheadLimits.records && bytesRead <= readAheadLimits.bytes) {
    const next = await iterator.next();
    if (next.done === true) {
      readToEnd = true;
      break;
    }
    readAhead.push(next.value);
    if (readAhead.length % 1000 === 0) report();
  }

  let summary: ImportSummary;
  try {
    summary = await runBulkTransaction(context.database, async (trx, writer) => {
      await trx
        .insertInto('imports')
        .values({ id: importId, organisation_id: organisation.id, file_name: input.fileName, sha256, size_bytes: size, format: format.id, parser_version: format.version, status: 'running', created_by: principalId(actor.principal) ?? actor.principal.label, created_at: now.toISOString(), completed_at: null })
        .execute();
      const devices = await ImportDevices.load(trx, writer, organisation.id, now);
      const seq = { deviceObservations: 0, software: 0, findings: 0, services: 0, observations: 0, cloudAccounts: 0, warnings: 0 };
      const rowKey = (table: keyof typeof seq, deviceId: string): RowKey => ({ organisationId: organisation.id, importId, seq: ++seq[table], deviceId });
      const pending = new Map<string, DeviceRecord[]>();
      let pendingCount = 0;
      const store = async (record: DeviceRecord, deviceId: string) => {
        switch (record.kind) {
          case 'software':
            counts.software += 1;
            await writer.write(evidenceTables.software, softwareRow(rowKey('software', deviceId), record));
            break;
          case 'finding':
            counts.findings += 1;
            await writer.write(evidenceTables.findings, findingRow(rowKey('findings', deviceId), record));
            break;
          case 'service':
            counts.services += 1;
            await writer.write(evidenceTables.services, serviceRow(rowKey('services', deviceId), record));
            break;
          case 'observation':
            counts.observations += 1;
            await writer.write(evidenceTables.observations, observationRow(rowKey('observations', deviceId), record));
            break;
          case 'cloud-account':
            counts.cloudAccounts += 1;
            await writer.write(evidenceTables.cloudAccounts, cloudAccountRow(rowKey('cloudAccounts', deviceId), record));
            break;
        }
      };
      const warn = async (warning: Extract<EvidenceRecord, { kind: 'warning' }>) => {
        counts.warnings += 1;
        if (seq.warnings < maxWarningsKept) await writer.write(evidenceTables.warnings, warningRow(organisation.id, importId, ++seq.warnings, warning));
      };

      const described = new Set<string>();
      try {
        for await (const record of readAheadThenRest(readAhead, readToEnd ? undefined : iterator)) {
          records += 1;
          if (records % 1000 === 0) report();
          // A file read ahead is stored without waiting on anything: let requests in now and then.
          if (records % yieldEveryRecords === 0) await yieldToEventLoop();
          if (record.kind === 'warning') {
            await warn(record);
            continue;
          }
          if (record.kind === 'asset') {
            if (source.firstAssetOnly === true && described.has(record.assetRef)) continue;
            described.add(record.assetRef);
            const device = await devices.resolve(record);
            counts.assets += 1;
            await writer.write(evidenceTables.deviceObservations, deviceObservationRow(rowKey('deviceObservations', device.deviceId), record, device.matchedBy, device.macs, device.ips));
            const waiting = pending.get(record.assetRef);
            if (waiting) {
              pending.delete(record.assetRef);
              pendingCount -= waiting.length;
              for (const held of waiting) await store(held, device.deviceId);
            }
            continue;
          }
          const device = devices.deviceFor(record.assetRef);
          if (device) {
            await store(record, device.deviceId);
            continue;
          }
          // Some reports (OpenVAS, Qualys asset reports) describe a host after its findings: hold
          // those records until the host arrives.
          if (pendingCount >= maxPendingRecords) {
            throw new WardError('INGEST_UNREADABLE', `${input.fileName}: more than ${maxPendingRecords} records refer to hosts the file has not described yet`);
          }
          const waiting = pending.get(record.assetRef) ?? [];
          waiting.push(record);
          pending.set(record.assetRef, waiting);
          pendingCount += 1;
        }
        for (const [assetRef, waiting] of pending) {
          for (const record of waiting) {
            await warn({ kind: 'warning', message: `${record.kind} record refers to asset "${assetRef}", which the file never describes; skipped`, ...(record.location ? { location: record.location } : {}) });
          }
        }
      } finally {
        // Nothing to release here: each source closes its own streams when its generator ends.
      }
      report();
      await writer.flush();
      await devices.finish();
      const completedAt = context.clock.now().toISOString();
      await trx
        .updateTable('imports')
        .set({ status: 'completed', completed_at: completedAt, asset_count: counts.assets, software_count: counts.software, finding_count: counts.findings, service_count: counts.services, observation_count: counts.observations, cloud_account_count: counts.cloudAccounts, warning_count: counts.warnings })
        .where('organisation_id', '=', organisation.id)
        .where('id', '=', importId)
        .execute();
      if (input.boundary === true) await trx.insertInto('boundary_scans').values({ organisation_id: organisation.id, import_id: importId, marked_at: completedAt }).execute();
      // In the same transaction, so committed evidence is always followed by a re-assessment.
      await markAssessmentDue(trx, [organisation.id], 'import', now);
      // Last, so the audit chain's lock is held only for the commit, not for the whole load.
      await appendAudit(trx, context.database.capabilities, actor, { action: 'import.created', objectType: 'import', objectId: importId, organisationId: organisation.id, details: { fileName: input.fileName, sha256, format: format.id, parserVersion: format.version, ...counts, ...(input.boundary === true ? { boundary: true } : {}) } }, now);
      return {
        importId,
        fileName: input.fileName,
        format: format.id,
        parserVersion: format.version,
        sha256,
        sizeBytes: size,
        ...counts,
        duplicate: false,
        createdAt: now.toISOString(),
        completedAt,
      };
    });
  } catch (error) {
    // The same file imported concurrently: the unique (organisation, sha256) refused ours.
    const winner = await earlier().catch(() => undefined);
    if (winner) return toImportSummary(winner, true);
    throw databaseUnreachable(error) ?? error;
  } finally {
    // A failed import stops reading: the parser's streams close.
    if (!readToEnd) await iterator.return?.().catch(() => undefined);
  }
  // New evidence may remediate or re-open alerts. The import is committed whatever happens here:
  // a failed recompute must not report it as failed, and the worker's scheduler catches up.
  await recomputeAfterImport(context, organisation.id).catch(() => undefined);
  return summary;
}
