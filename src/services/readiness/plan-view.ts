import type { Selectable } from 'kysely';
import type { ReadinessPlanTable } from '../../storage/schema.js';

export type PlanView = {
  id: string;
  odsCode: string;
  version: string;
  owner: string;
  approvedOn: string;
  nextReviewOn: string;
  fileName: string;
  documentType: string;
  sha256: string;
  sizeBytes: number;
  uploadedAt: string;
};

export function planView(row: Selectable<ReadinessPlanTable>, odsCode: string): PlanView {
  return {
    id: row.id, odsCode, version: row.version, owner: row.owner, approvedOn: row.approved_on, nextReviewOn: row.next_review_on,
    fileName: row.file_name, documentType: row.document_type, sha256: row.sha256, sizeBytes: row.size_bytes, uploadedAt: row.uploaded_at,
  };
}
