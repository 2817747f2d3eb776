import type { Selectable } from 'kysely';
import type { IncidentTable } from '../../storage/schema.js';

export const incidentTypes = ['ransomware', 'malware', 'phishing', 'data-breach', 'denial-of-service', 'supplier', 'insider', 'other'] as const;

export type IncidentView = {
  reference: string;
  odsCode: string;
  type: string;
  summary: string;
  startedAt: string;
  endedAt: string | null;
  systemsAffected: string[];
  servicesAffected: string[];
  appointmentsCancelled: number;
  operationsCancelled: number;
  estimatedCostPounds: number;
  nationalSupportRequested: boolean;
  alertReference: string | null;
  reportedAt: string;
};

export function incidentView(row: Selectable<IncidentTable>, odsCode: string, alertReference: string | null): IncidentView {
  return {
    reference: row.reference, odsCode, type: row.type, summary: row.summary, startedAt: row.started_at, endedAt: row.ended_at,
    systemsAffected: JSON.parse(row.systems_affected) as string[], servicesAffected: JSON.parse(row.services_affected) as string[],
    appointmentsCancelled: row.appointments_cancelled, operationsCancelled: row.operations_cancelled, estimatedCostPounds: row.estimated_cost_pounds,
    nationalSupportRequested: row.national_support_requested === 1, alertReference, reportedAt: row.reported_at,
  };
}
