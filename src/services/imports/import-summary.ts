import type { Selectable } from 'kysely';
import type { ImportTable } from '../../storage/schema.js';

/** What an import stored (or, for a duplicate, what the earlier import of the same file stored). */
export type ImportSummary = {
  importId: string;
  fileName: string;
  format: string;
  parserVersion: number;
  sha256: string;
  sizeBytes: number;
  assets: number;
  software: number;
  findings: number;
  services: number;
  observations: number;
  /** Accounts of cloud services (Entra ID exports). */
  cloudAccounts: number;
  warnings: number;
  duplicate: boolean;
  createdAt: string;
  completedAt: string | null;
};

export function toImportSummary(row: Selectable<ImportTable>, duplicate: boolean): ImportSummary {
  return {
    importId: row.id,
    fileName: row.file_name,
    format: row.format,
    parserVersion: row.parser_version,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    assets: row.asset_count,
    software: row.software_count,
    findings: row.finding_count,
    services: row.service_count,
    observations: row.observation_count,
    cloudAccounts: row.cloud_account_count,
    warnings: row.warning_count,
    duplicate,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}
