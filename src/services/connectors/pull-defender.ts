import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { authorize } from '../../core/authorization.js';
import { notFound, WardError } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import type { EvidenceRecord } from '../../ingest/evidence.js';
import type { EvidenceFormat } from '../../ingest/evidence-format.js';
import { defenderAvHealthFormat } from '../../ingest/formats/defender-av-health.js';
import { defenderMachinesFormat } from '../../ingest/formats/defender-machines.js';
import { defenderSecureConfigFormat } from '../../ingest/formats/defender-secure-config.js';
import { defenderSoftwareFormat } from '../../ingest/formats/defender-software.js';
import { defenderVulnerabilitiesFormat } from '../../ingest/formats/defender-vulnerabilities.js';
import { isJsonObject } from '../../ingest/text/json-values.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { storeImport } from '../imports/import-evidence.js';
import { toImportSummary, type ImportSummary } from '../imports/import-summary.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { defaultDefenderEndpoints } from './connector-settings.js';
import { DefenderApi } from './defender-api.js';
import { secretBinding } from './register-defender-connector.js';
import { openSecret } from './secret-box.js';

/** What one pull fetches, in this order (devices first, so their fullest description wins). */
export const defenderPulls: readonly { entity: string; path: (pageSize: number) => string; format: EvidenceFormat }[] = [
  { entity: 'machines', path: () => '/api/machines', format: defenderMachinesFormat },
  { entity: 'av-health', path: () => '/api/deviceavinfo', format: defenderAvHealthFormat },
  { entity: 'secure-config', path: (n) => `/api/machines/SecureConfigurationsAssessmentByMachine?pageSize=${n}`, format: defenderSecureConfigFormat },
  { entity: 'software', path: (n) => `/api/machines/SoftwareInventoryByMachine?pageSize=${n}`, format: defenderSoftwareFormat },
  { entity: 'vulnerabilities', path: (n) => `/api/machines/SoftwareVulnerabilitiesByMachine?pageSize=${n}`, format: defenderVulnerabilitiesFormat },
];

/** The import format of a whole pull: one evidence set, current per device as a whole. */
export const defenderPullFormat = 'defender-api';

export type DefenderPullResult = { pullId: string; resumed: boolean; pagesFetched: number; pages: number; import: ImportSummary };

const sleepFor = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/**
 * Pulls everything Defender knows about an organisation's devices and imports it as ONE evidence
 * set. Each page is spooled to `connector_pull_pages` as soon as it arrives, so a pull that is
 * interrupted (network, throttling beyond patience, a killed process) resumes after its last page
 * on the next run. A page that is not an API page (not JSON, no `value` array), or a set the
 * parsers refuse, fails the pull: its pages are dropped and nothing is imported.
 */
export async function pullDefender(context: ServiceContext, actor: Actor, odsCode: string): Promise<DefenderPullResult> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'connector:pull', organisation.id);
  authorize(actor.principal, 'import:create', organisation.id);
  const { db } = context.database;
  const connector = await db.selectFrom('connectors').selectAll().where('organisation_id', '=', organisation.id).where('kind', '=', 'defender').executeTakeFirst();
  if (!connector) throw notFound(`Defender connector of ${organisation.odsCode}`);
  const key = context.connectors?.secretKey;
  if (!key) throw new WardError('CONFIG_INVALID', 'Set WARD_SECRET_KEY: the connector secret cannot be read without it');
  const clientSecret = openSecret(key, connector.secret_ciphertext, secretBinding(organisation.id, connector.id));
  const endpoints = context.connectors?.defender ?? defaultDefenderEndpoints;
  const api = new DefenderApi({ endpoints, credentials: { tenantId: connector.tenant_id, clientId: connector.client_id, clientSecret }, sleep: context.connectors?.sleep ?? sleepFor });

  const running = await db.selectFrom('connector_pulls').selectAll().where('organisation_id', '=', organisation.id).where('connector_id', '=', connector.id).where('status', '=', 'running').orderBy('started_at', 'desc').executeTakeFirst();
  const pullId = running?.id ?? newId();
  const startedAt = running?.started_at ?? context.clock.now().toISOString();
  if (!running) {
    await db.insertInto('connector_pulls').values({ id: pullId, organisation_id: organisation.id, connector_id: connector.id, status: 'running', started_at: startedAt, finished_at: null, import_id: null, error: null }).execute();
  }
  const pageRows = () => db.selectFrom('connector_pull_pages').where('organisation_id', '=', organisation.id).where('pull_id', '=', pullId);
  const finishConnector = async (status: string, error: string | null, importId: string | null) => {
    const now = context.clock.now();
    const retryMinutes = status === 'interrupted' ? Math.min(15, connector.interval_minutes) : connector.interval_minutes;
    await db
      .updateTable('connectors')
      .set({ last_pull_at: now.toISOString(), last_status: status, last_error: error, next_pull_at: new Date(now.getTime() + retryMinutes * 60_000).toISOString(), ...(importId ? { last_import_id: importId } : {}) })
      .where('organisation_id', '=', organisation.id)
      .where('id', '=', connector.id)
      .execute();
  };
  const fail = async (error: unknown): Promise<never> => {
    const message = error instanceof Error ? error.message : String(error);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('connector_pull_pages').where('organisation_id', '=', organisation.id).where('pull_id', '=', pullId).execute();
      await trx.updateTable('connector_pulls').set({ status: 'failed', finished_at: context.clock.now().toISOString(), error: message }).where('id', '=', pullId).execute();
      await appendAudit(trx, context.database.capabilities, actor, { action: 'connector.pull-failed', objectType: 'connector_pull', objectId: pullId, organisationId: organisation.id, details: { kind: 'defender', error: message } }, context.clock.now());
    });
    await finishConnector('failed', message, null);
    throw error;
  };

  // 1. Fetch what is missing, page by page, spooling each.
  let pagesFetched = 0;
  try {
    for (const pull of defenderPulls) {
      const last = await pageRows().select(['seq', 'next_link']).where('entity', '=', pull.entity).orderBy('seq', 'desc').executeTakeFirst();
      if (last && last.next_link === null) continue;
      let url: string | null = last?.next_link ?? `${endpoints.apiBaseUrl.replace(/\/$/, '')}${pull.path(endpoints.pageSize)}`;
      let seq = last ? last.seq + 1 : 0;
      while (url !== null) {
        const body = await api.getPage(url);
        const nextLink = checkPage(body, pull.entity, seq);
        await db.insertInto('connector_pull_pages').values({ organisation_id: organisation.id, pull_id: pullId, entity: pull.entity, seq, body, next_link: nextLink }).execute();
        pagesFetched += 1;
        seq += 1;
        url = nextLink;
      }
    }
  } catch (error) {
    if (error instanceof WardError && error.code === 'INGEST_UNREADABLE') return await fail(error);
    // Network, sign-in or throttling: keep what was spooled for the next run.
    await finishConnector('interrupted', error instanceof Error ? error.message : String(error), null);
    throw error;
  }

  // 2. Import every spooled page as one evidence set. The pages are first copied to temporary
  // files (one per entity), so the import's transaction reads files, not the database it writes.
  const folder = await mkdtemp(join(tmpdir(), 'ward-defender-pull-'));
  let summary: ImportSummary;
  let pages = 0;
  try {
    const hash = createHash('sha256');
    let size = 0;
    for (const pull of defenderPulls) {
      hash.update(`${pull.entity}\n`);
      const out = createWriteStream(join(folder, `${pull.entity}.json`));
      for await (const body of pageBodies(context, organisation.id, pullId, pull.entity)) {
        hash.update(body);
        size += Buffer.byteLength(body);
        pages += 1;
        if (!out.write(body)) await once(out, 'drain');
      }
      out.end();
      await finished(out);
    }
    const sha256 = hash.digest('hex');
    const earlier = await db.selectFrom('imports').selectAll().where('organisation_id', '=', organisation.id).where('sha256', '=', sha256).executeTakeFirst();
    summary = earlier
      ? toImportSummary(earlier, true)
      : await storeImport(context, actor, organisation.id, {
          fileName: `defender-pull-${startedAt.slice(0, 19)}Z`,
          sha256,
          size,
          format: defenderPullFormat,
          parserVersion: Math.max(...defenderPulls.map((p) => p.format.version)),
          firstAssetOnly: true,
          records: () => pullRecords(folder),
        });
  } catch (error) {
    return await fail(error);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('connector_pull_pages').where('organisation_id', '=', organisation.id).where('pull_id', '=', pullId).execute();
    await trx.updateTable('connector_pulls').set({ status: 'completed', finished_at: context.clock.now().toISOString(), pages, import_id: summary.importId }).where('id', '=', pullId).execute();
  });
  await finishConnector('completed', null, summary.importId);
  return { pullId, resumed: running !== undefined, pagesFetched, pages, import: summary };
}

/** A page must be an API page: a JSON object with a `value` array; its nextLink (or null) is returned. */
function checkPage(body: string, entity: string, seq: number): string | null {
  let page: unknown;
  try {
    page = JSON.parse(body) as unknown;
  } catch (error) {
    throw new WardError('INGEST_UNREADABLE', `Defender ${entity} page ${seq + 1} is not JSON (${error instanceof Error ? error.message : 'parse error'}); nothing was imported`, { location: { file: `defender-${entity}`, path: `/${seq}` } }, { cause: error });
  }
  if (!isJsonObject(page) || !Array.isArray(page.value)) {
    throw new WardError('INGEST_UNREADABLE', `Defender ${entity} page ${seq + 1} has no "value" array; nothing was imported`, { location: { file: `defender-${entity}`, path: `/${seq}` } });
  }
  const next = page['@odata.nextLink'];
  return typeof next === 'string' && next !== '' ? next : null;
}

/** The spooled pages of one entity, one at a time (a page can be tens of megabytes). */
async function* pageBodies(context: ServiceContext, organisationId: string, pullId: string, entity: string): AsyncGenerator<string> {
  for (let seq = 0; ; seq += 1) {
    const row = await context.database.db.selectFrom('connector_pull_pages').select('body').where('organisation_id', '=', organisationId).where('pull_id', '=', pullId).where('entity', '=', entity).where('seq', '=', seq).executeTakeFirst();
    if (!row) return;
    yield `${row.body}\n`;
  }
}

async function* pullRecords(folder: string): AsyncGenerator<EvidenceRecord> {
  for (const pull of defenderPulls) {
    const stream = createReadStream(join(folder, `${pull.entity}.json`));
    try {
      for await (const record of pull.format.parse(stream, { fileName: `defender-${pull.entity}.json` })) {
        // An entity with no devices (an empty page) is not a problem of the pull.
        if (record.kind === 'warning' && /holds no .* rows$/.test(record.message)) continue;
        yield record;
      }
    } finally {
      stream.destroy();
    }
  }
}
