import type { SourceLocation } from '../../core/errors.js';
import type { AssetRecord, CloudAccountRecord, FindingRecord, IngestWarning, ObservationRecord, ServiceRecord, SoftwareRecord } from '../../ingest/evidence.js';
import type { BulkTable, BulkValue } from '../../storage/bulk/bulk-writer.js';

/**
 * The per-import evidence tables as the bulk writer sees them, and how each normalised record
 * becomes a row. Column lists and row builders sit side by side so they cannot drift apart.
 */
const key = ['organisation_id', 'import_id', 'seq', 'device_id'] as const;
const position = ['source_line', 'source_path'] as const;
/** Rows that name a device are written after the device rows the same import queued. */
const devices = ['devices'] as const;

export const evidenceTables = {
  deviceObservations: {
    name: 'device_observations',
    references: devices,
    columns: [...key, 'asset_ref', 'matched_by', 'hostname', 'fqdn', 'netbios_name', 'serial_number', 'mac_addresses', 'ip_addresses', 'os_name', 'os_family', 'os_version', 'os_build', 'os_details', 'asset_kind', 'credentialed', 'scan_started_at', 'scan_ended_at', 'last_seen_at', 'owner', 'in_scope', 'external_ids', ...position],
  },
  software: { name: 'software', references: devices, columns: [...key, 'name', 'vendor', 'version', 'cpe', 'purl', 'package_type', 'installed_at', 'source', ...position] },
  findings: {
    name: 'findings',
    references: devices,
    columns: [...key, 'tool', 'check_id', 'title', 'severity', 'cves', 'cvss', 'port', 'protocol', 'service', 'solution', 'fix_published_at', 'vuln_published_at', 'first_seen_at', 'last_seen_at', 'confidence', 'output', ...position],
  },
  services: { name: 'services', references: devices, columns: [...key, 'port', 'protocol', 'state', 'service', 'product', 'version', 'cpes', ...position] },
  observations: { name: 'observations', references: devices, columns: [...key, 'key', 'value', 'observed_at', 'source', ...position] },
  cloudAccounts: {
    name: 'cloud_accounts',
    references: devices,
    columns: [...key, 'account_id', 'user_principal_name', 'display_name', 'role', 'user_type', 'mfa_state', 'mfa_judged_by', 'methods', 'source', ...position],
  },
  warnings: { name: 'import_warnings', columns: ['organisation_id', 'import_id', 'seq', 'message', 'file', 'line', 'path'] },
} as const satisfies Record<string, BulkTable>;

export type RowKey = { organisationId: string; importId: string; seq: number; deviceId: string };

/** PostgreSQL text cannot hold NUL; dropping it on both engines keeps them identical. */
function text(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
}

const int = (value: number | undefined): number | null => (value === undefined || !Number.isFinite(value) ? null : Math.trunc(value));
const flag = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0);
const json = (value: unknown): string => text(JSON.stringify(value)) ?? 'null';

function keyOf(k: RowKey): BulkValue[] {
  return [k.organisationId, k.importId, k.seq, k.deviceId];
}

function positionOf(location: SourceLocation | undefined): BulkValue[] {
  return [int(location?.line), text(location?.path)];
}

export function deviceObservationRow(k: RowKey, asset: AssetRecord, matchedBy: string, macs: string[], ips: string[]): BulkValue[] {
  const os = asset.os;
  const details = os ? { edition: os.edition, servicePack: os.servicePack, architecture: os.architecture, cpe: os.cpe } : undefined;
  const hasDetails = details !== undefined && Object.values(details).some((v) => v !== undefined);
  return [
    ...keyOf(k),
    text(asset.assetRef),
    matchedBy,
    text(asset.hostname),
    text(asset.fqdn),
    text(asset.netbiosName),
    text(asset.serialNumber),
    json(macs),
    json(ips),
    text(os?.name),
    text(os?.family),
    text(os?.version),
    text(os?.build),
    hasDetails ? json(details) : null,
    asset.assetKind,
    flag(asset.credentialed),
    text(asset.scanStartedAt),
    text(asset.scanEndedAt),
    text(asset.lastSeenAt),
    text(asset.owner),
    flag(asset.inScope),
    asset.externalIds ? json(asset.externalIds) : null,
    ...positionOf(asset.location),
  ];
}

export function softwareRow(k: RowKey, s: SoftwareRecord): BulkValue[] {
  return [...keyOf(k), text(s.name) ?? '', text(s.vendor), text(s.version), text(s.cpe), text(s.purl), text(s.packageType), text(s.installedAt), text(s.source) ?? '', ...positionOf(s.location)];
}

export function findingRow(k: RowKey, f: FindingRecord): BulkValue[] {
  return [
    ...keyOf(k),
    text(f.tool) ?? '',
    text(f.checkId) ?? '',
    text(f.title) ?? '',
    f.severity,
    json(f.cves),
    json(f.cvss),
    int(f.port),
    text(f.protocol),
    text(f.service),
    text(f.solution),
    text(f.fixPublishedAt),
    text(f.vulnPublishedAt),
    text(f.firstSeenAt),
    text(f.lastSeenAt),
    f.confidence === undefined || !Number.isFinite(f.confidence) ? null : f.confidence,
    text(f.output),
    ...positionOf(f.location),
  ];
}

export function serviceRow(k: RowKey, s: ServiceRecord): BulkValue[] {
  return [...keyOf(k), int(s.port) ?? 0, s.protocol, s.state, text(s.service), text(s.product), text(s.version), json(s.cpes), ...positionOf(s.location)];
}

export function observationRow(k: RowKey, o: ObservationRecord): BulkValue[] {
  return [...keyOf(k), text(o.key) ?? '', json(o.value), text(o.observedAt), text(o.source) ?? '', ...positionOf(o.location)];
}

export function cloudAccountRow(k: RowKey, a: CloudAccountRecord): BulkValue[] {
  return [...keyOf(k), text(a.accountId) ?? '', text(a.userPrincipalName) ?? '', text(a.displayName), a.role ?? null, a.userType ?? null, a.mfaState, text(a.mfaJudgedBy) ?? '', json(a.methods ?? []), text(a.source) ?? '', ...positionOf(a.location)];
}

export function warningRow(organisationId: string, importId: string, seq: number, w: IngestWarning): BulkValue[] {
  return [organisationId, importId, seq, text(w.message) ?? '', text(w.location?.file), int(w.location?.line), text(w.location?.path)];
}
