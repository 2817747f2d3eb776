import { authorize } from '../../core/authorization.js';
import { invalidInput, WardError } from '../../core/errors.js';
import { principalId, type Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { toConnectorView, type ConnectorView } from './connector-view.js';
import { sealSecret } from './secret-box.js';

export type RegisterDefenderConnectorInput = {
  tenantId: string;
  clientId: string;
  /** Required when the organisation has no Defender connector yet; omitted, the stored one stays. */
  clientSecret?: string;
  intervalMinutes?: number;
  enabled?: boolean;
};

const defaultIntervalMinutes = 24 * 60;
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The additional data a connector's secret is sealed with: its row, its organisation. */
export const secretBinding = (organisationId: string, connectorId: string): string => `connector:${organisationId}:${connectorId}`;

/**
 * Registers (or updates) an organisation's Defender for Endpoint connector. The client secret is
 * sealed with WARD_SECRET_KEY before it touches the database and is never returned or audited.
 * A new connector is due at once; the scheduler then pulls it every `intervalMinutes`.
 */
export async function registerDefenderConnector(context: ServiceContext, actor: Actor, odsCode: string, input: RegisterDefenderConnectorInput): Promise<ConnectorView> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'connector:manage', organisation.id);
  const tenantId = input.tenantId.trim();
  const clientId = input.clientId.trim();
  const fields: Record<string, string> = {};
  if (!guid.test(tenantId) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenantId)) fields.tenantId = 'a directory (tenant) id or domain';
  if (!guid.test(clientId)) fields.clientId = 'an application (client) id';
  const interval = input.intervalMinutes ?? defaultIntervalMinutes;
  if (!Number.isInteger(interval) || interval < 15 || interval > 7 * 24 * 60) fields.intervalMinutes = '15 to 10080';
  if (input.clientSecret !== undefined && (input.clientSecret.trim() === '' || input.clientSecret.length > 1024)) fields.clientSecret = 'required, at most 1024 characters';
  if (Object.keys(fields).length > 0) throw invalidInput('The Defender connector settings are not valid', fields);
  const key = context.connectors?.secretKey;
  if (!key) throw new WardError('CONFIG_INVALID', 'Set WARD_SECRET_KEY (32 bytes, hex or base64) before storing connector secrets');

  const { db, capabilities } = context.database;
  const now = context.clock.now().toISOString();
  const existing = await db.selectFrom('connectors').selectAll().where('organisation_id', '=', organisation.id).where('kind', '=', 'defender').executeTakeFirst();
  if (!existing && input.clientSecret === undefined) throw invalidInput('A new connector needs its client secret', { clientSecret: 'required' });
  const id = existing?.id ?? newId();
  const sealed = input.clientSecret === undefined ? undefined : sealSecret(key, input.clientSecret, secretBinding(organisation.id, id));
  const enabled = input.enabled ?? true;
  await db.transaction().execute(async (trx) => {
    if (existing) {
      await trx
        .updateTable('connectors')
        .set({ tenant_id: tenantId, client_id: clientId, interval_minutes: interval, enabled: enabled ? 1 : 0, updated_at: now, ...(sealed ? { secret_ciphertext: sealed } : {}) })
        .where('organisation_id', '=', organisation.id)
        .where('id', '=', id)
        .execute();
    } else {
      await trx
        .insertInto('connectors')
        .values({ id, organisation_id: organisation.id, kind: 'defender', tenant_id: tenantId, client_id: clientId, secret_ciphertext: sealed ?? '', interval_minutes: interval, enabled: enabled ? 1 : 0, next_pull_at: now, last_pull_at: null, last_status: null, last_error: null, last_import_id: null, created_by: principalId(actor.principal) ?? actor.principal.label, created_at: now, updated_at: now })
        .execute();
    }
    await appendAudit(trx, capabilities, actor, { action: existing ? 'connector.updated' : 'connector.registered', objectType: 'connector', objectId: id, organisationId: organisation.id, details: { kind: 'defender', tenantId, clientId, intervalMinutes: interval, enabled, secretChanged: sealed !== undefined } }, context.clock.now());
  });
  const row = await db.selectFrom('connectors').selectAll().where('organisation_id', '=', organisation.id).where('id', '=', id).executeTakeFirstOrThrow();
  return toConnectorView(row);
}
