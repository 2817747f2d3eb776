import type { Selectable } from 'kysely';
import type { ConnectorTable } from '../../storage/schema.js';

/** A connector as the API and the CLI show it: never its secret, only that one is set. */
export type ConnectorView = {
  id: string;
  kind: string;
  tenantId: string;
  clientId: string;
  secretSet: true;
  intervalMinutes: number;
  enabled: boolean;
  nextPullAt: string | null;
  lastPullAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  lastImportId: string | null;
  createdAt: string;
  updatedAt: string;
};

export function toConnectorView(row: Selectable<ConnectorTable>): ConnectorView {
  return {
    id: row.id,
    kind: row.kind,
    tenantId: row.tenant_id,
    clientId: row.client_id,
    secretSet: true,
    intervalMinutes: row.interval_minutes,
    enabled: row.enabled === 1,
    nextPullAt: row.next_pull_at,
    lastPullAt: row.last_pull_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastImportId: row.last_import_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
