/**
 * Row types of every table, as Kysely sees them. Timestamps are ISO-8601 UTC strings and booleans
 * are 0/1 integers on both engines, so one set of queries returns identical values everywhere.
 */
import type { Generated } from 'kysely';

export type OrganisationTable = {
  id: string;
  ods_code: string;
  name: string;
  kind: string;
  region: string | null;
  parent_id: string | null;
  created_at: string;
  updated_at: string;
};

export type UserTable = {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: string;
  organisation_id: string | null;
  failed_logins: Generated<number>;
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
};

export type UserAssignmentTable = {
  user_id: string;
  organisation_id: string;
  created_at: string;
};

export type ApiTokenTable = {
  id: string;
  organisation_id: string;
  name: string;
  secret_hash: string;
  /** JSON array of capability names. */
  capabilities: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
};

export type SessionTable = {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
};

export type AuditLogTable = {
  seq: number;
  at: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string | null;
  organisation_id: string | null;
  source_ip: string | null;
  /** JSON object with the facts of the change (never secrets). */
  details: string;
  prev_hash: string;
  hash: string;
};

export type Database = {
  organisations: OrganisationTable;
  users: UserTable;
  user_assignments: UserAssignmentTable;
  api_tokens: ApiTokenTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
};
