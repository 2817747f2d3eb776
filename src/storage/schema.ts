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
  /** 'full', 'totp-pending' (password right, code due) or 'totp-enrol' (may only enrol a second factor). */
  stage: Generated<string>;
};

export type UserTotpTable = {
  user_id: string;
  /** AES-256-GCM under WARD_SECRET_KEY (services/outbox/secret-box.ts). */
  secret_sealed: string;
  confirmed_at: string | null;
  /** The last 30-second step accepted: a code of that step or earlier is refused (no replay). */
  last_step: number | null;
  created_at: string;
};

export type OidcRequestTable = {
  state_hash: string;
  nonce: string;
  code_verifier: string;
  next_path: string | null;
  created_at: string;
  expires_at: string;
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

/** One file (or, later, one sync) of vulnerability intelligence that was loaded. */
export type IntelSourceTable = {
  id: string;
  /** `nvd`, `kev`, `epss`, `endoflife`, `msrc`. */
  kind: string;
  /** The file name, or the URL a sync fetched it from. */
  name: string;
  sha256: string;
  loaded_at: string;
  record_count: number;
  /** KEV catalogVersion, MSRC document id, endoflife product. */
  feed_version: string | null;
  /** KEV dateReleased, MSRC release date. */
  feed_date: string | null;
  model_version: string | null;
  score_date: string | null;
};

/** Where `ward intel sync` last got to, per source (`nvd`, `kev`, `epss`, `endoflife`, `msrc`). */
export type IntelSyncStateTable = {
  source: string;
  /** ISO timestamp the next sync starts from (NVD: the last lastModEndDate stored). */
  synced_through: string;
  /** When that sync ran. */
  synced_at: string;
  /** The base URL synced from. */
  url: string;
  /** JSON: what the last sync stored (documents, counts). */
  details: string;
};

export type CveTable = {
  id: string;
  published: string;
  last_modified: string;
  status: string;
  description: string;
  cvss_v2_score: number | null;
  cvss_v2_vector: string | null;
  cvss_v3_score: number | null;
  cvss_v3_vector: string | null;
  cvss_v4_score: number | null;
  cvss_v4_vector: string | null;
  /** JSON array of `CWE-nnn`. */
  cwes: string;
  /** JSON of the NVD configurations (see services/intel/stored-configurations.ts). */
  configurations: string;
  source_id: string;
};

/** One cpeMatch of one CVE, indexed by (vendor, product) so candidates are found without a scan. */
export type CveCpeMatchTable = {
  cve_id: string;
  configuration_index: number;
  node_index: number;
  match_index: number;
  /** Lower-cased logical values; `*` for ANY and `-` for NA. */
  part: string;
  vendor: string;
  product: string;
  criteria: string;
  version_start_including: string | null;
  version_start_excluding: string | null;
  version_end_including: string | null;
  version_end_excluding: string | null;
  vulnerable: number;
};

export type KevEntryTable = {
  cve_id: string;
  vendor_project: string;
  product: string;
  name: string;
  date_added: string;
  due_date: string;
  short_description: string;
  required_action: string;
  /** `Known` or `Unknown`. */
  ransomware: string;
  notes: string;
  /** JSON array. */
  cwes: string;
  source_id: string;
};

export type EpssScoreTable = {
  cve_id: string;
  epss: number;
  percentile: number;
  model_version: string | null;
  score_date: string | null;
  source_id: string;
};

/** Milestones are a YYYY-MM-DD date, or `true`/`false` when endoflife.date knows only whether it passed. */
export type LifecycleReleaseTable = {
  product: string;
  cycle: string;
  label: string | null;
  release_date: string | null;
  support_end: string | null;
  eol: string | null;
  extended_support_end: string | null;
  lts: number;
  latest: string | null;
  source_id: string;
};

/** One Microsoft vendor fix (a KB) of one CVE for one product. */
export type MsrcRemediationTable = {
  cve_id: string;
  product_id: string;
  kb: string;
  product_name: string;
  document_id: string;
  release_date: string;
  sub_type: string | null;
  fixed_build: string | null;
  /** JSON array of KB numbers this update replaces. */
  supersedes: string;
  source_id: string;
};

export type ImportTable = {
  id: string;
  organisation_id: string;
  file_name: string;
  sha256: string;
  /** bigint: PostgreSQL returns it as a string, so read it through Number(). */
  size_bytes: number | string;
  format: string;
  parser_version: number;
  /** 'running' inside the import's own transaction, 'completed' once committed. */
  status: string;
  asset_count: Generated<number>;
  software_count: Generated<number>;
  finding_count: Generated<number>;
  service_count: Generated<number>;
  observation_count: Generated<number>;
  warning_count: Generated<number>;
  /** Migration 0015. */
  cloud_account_count: Generated<number>;
  created_by: string;
  created_at: string;
  completed_at: string | null;
};

/** One machine of an organisation, as resolved across imports (docs/identity-resolution.md). */
export type DeviceTable = {
  id: string;
  organisation_id: string;
  hostname: string | null;
  fqdn: string | null;
  netbios_name: string | null;
  serial_number: string | null;
  /** JSON arrays of normalised addresses. */
  mac_addresses: string;
  ip_addresses: string;
  os_name: string | null;
  os_family: string | null;
  os_version: string | null;
  os_build: string | null;
  asset_kind: string;
  first_seen: string;
  last_seen: string;
  in_scope: number | null;
  created_at: string;
  updated_at: string;
};

/** Columns every per-import evidence row has. */
type EvidenceRowKey = {
  organisation_id: string;
  import_id: string;
  /** Position within the import. */
  seq: number;
  device_id: string;
};

type SourcePosition = { source_line: number | null; source_path: string | null };

export type DeviceObservationTable = EvidenceRowKey &
  SourcePosition & {
    asset_ref: string;
    matched_by: string;
    hostname: string | null;
    fqdn: string | null;
    netbios_name: string | null;
    serial_number: string | null;
    mac_addresses: string;
    ip_addresses: string;
    os_name: string | null;
    os_family: string | null;
    os_version: string | null;
    os_build: string | null;
    /** JSON of the remaining OS fields (edition, service pack, architecture, CPE). */
    os_details: string | null;
    asset_kind: string;
    credentialed: number | null;
    scan_started_at: string | null;
    scan_ended_at: string | null;
    last_seen_at: string | null;
    owner: string | null;
    in_scope: number | null;
    external_ids: string | null;
  };

export type SoftwareTable = EvidenceRowKey &
  SourcePosition & {
    name: string;
    vendor: string | null;
    version: string | null;
    cpe: string | null;
    purl: string | null;
    package_type: string | null;
    installed_at: string | null;
    source: string;
  };

export type FindingTable = EvidenceRowKey &
  SourcePosition & {
    tool: string;
    check_id: string;
    title: string;
    severity: string;
    /** JSON arrays. */
    cves: string;
    cvss: string;
    port: number | null;
    protocol: string | null;
    service: string | null;
    solution: string | null;
    fix_published_at: string | null;
    vuln_published_at: string | null;
    first_seen_at: string | null;
    last_seen_at: string | null;
    confidence: number | null;
    output: string | null;
  };

export type ServiceTable = EvidenceRowKey &
  SourcePosition & {
    port: number;
    protocol: string;
    state: string;
    service: string | null;
    product: string | null;
    version: string | null;
    cpes: string;
  };

export type ObservationTable = EvidenceRowKey &
  SourcePosition & {
    key: string;
    /** JSON of the value (string, number, boolean or null). */
    value: string;
    observed_at: string | null;
    source: string;
  };

/** An account of a cloud service (the device) as one import reported it; migration 0015. */
export type CloudAccountTable = EvidenceRowKey &
  SourcePosition & {
    account_id: string;
    user_principal_name: string;
    display_name: string | null;
    /** admin, user, or null when the source does not say. */
    role: string | null;
    user_type: string | null;
    /** enforced, not-enforced, capable, not-capable, unknown. */
    mfa_state: string;
    mfa_judged_by: string;
    /** JSON array of the registered methods. */
    methods: string;
    source: string;
  };

export type ImportWarningTable = {
  organisation_id: string;
  import_id: string;
  seq: number;
  message: string;
  file: string | null;
  line: number | null;
  path: string | null;
};

export type IntelCounterTable = { name: string; value: number };

export type IntelProductGenerationTable = { vendor: string; product: string; generation: number };

export type ExposureProductTable = {
  id: string;
  part: string;
  vendor: string;
  product: string;
  version: string;
  scheme: string;
  matched_generation: number | null;
  matched_at: string | null;
};

export type ExposureProductCveTable = {
  product_id: string;
  cve_id: string;
  configuration_index: number;
  reason: string;
  matches: string;
  requires: string | null;
  fixed_version: string | null;
  /** Which source proved it: `nvd`, `cve5` (the CNA's affected data) or `vulnrichment` (migration 0011). */
  source: Generated<string>;
};

/** A match a higher-precedence source overruled (migration 0011): e.g. the CNA lists the version as unaffected. */
export type ExposureProductDismissalTable = { product_id: string; cve_id: string; source: string; overruled: string; reason: string };

/** A CVE JSON 5 record (migration 0011): CNA and CISA Vulnrichment facts; affected entries as JSON. */
export type Cve5RecordTable = {
  id: string;
  state: string;
  assigner: string | null;
  published: string | null;
  updated: string | null;
  description: string;
  cvss_score: number | null;
  cvss_vector: string | null;
  cvss_source: string | null;
  ssvc_exploitation: string | null;
  ssvc_automatable: string | null;
  ssvc_technical_impact: string | null;
  kev_date_added: string | null;
  cna_affected: string;
  adp_affected: string;
  source_id: string;
};

/** Which (vendor, product) a CVE 5 record names; `origin` cna | adp, `via` cpe | name. */
export type Cve5ProductTable = { cve_id: string; origin: string; vendor: string; product: string; via: string };

export type Cve5NameGenerationTable = { product: string; generation: number };

export type OsvRecordTable = { id: string; modified: string; published: string | null; withdrawn: string | null; summary: string; cves: string; source_id: string };

export type OsvPackageTable = { osv_id: string; entry_index: number; package: string; distro: string; ecosystem: string; affected: string };

export type OsvCveTable = { osv_id: string; cve_id: string };

/** An outbound connector of one organisation (migration 0009). The secret is AES-256-GCM ciphertext. */
export type ConnectorTable = {
  id: string;
  organisation_id: string;
  /** 'defender' */
  kind: string;
  tenant_id: string;
  client_id: string;
  secret_ciphertext: string;
  interval_minutes: number;
  enabled: number;
  next_pull_at: string | null;
  last_pull_at: string | null;
  /** 'completed', 'failed', 'interrupted' */
  last_status: string | null;
  last_error: string | null;
  last_import_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
};

/** One pull of a connector: 'running' until imported ('completed') or refused ('failed'). */
export type ConnectorPullTable = {
  id: string;
  organisation_id: string;
  connector_id: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  pages: Generated<number>;
  import_id: string | null;
  error: string | null;
};

/** An API page a running pull has fetched, kept so an interrupted pull resumes after it. */
export type ConnectorPullPageTable = {
  organisation_id: string;
  pull_id: string;
  entity: string;
  seq: number;
  body: string;
  next_link: string | null;
};

/** One stored CE+ assessment (a snapshot); rows are never updated, so they form the history. */
export type AssessmentTable = {
  id: string;
  organisation_id: string;
  as_of: string;
  ce_version: string;
  /** `manual` (someone asked), `import`, `intel` (automatic re-assessment) or `bench`. */
  trigger: string;
  evidence_import_id: string | null;
  evidence_at: string | null;
  intel_source_id: string | null;
  intel_at: string | null;
  /** SHA-256 of the AssessmentInput JSON: equal digests mean the same evidence was judged. */
  input_digest: string;
  device_count: number;
  applicable: number;
  passed: number;
  failed: number;
  not_evidenced: number;
  percent: number | null;
  verdict: string;
  acceptable: number;
  policy_id: string;
  /** JSON texts. */
  score: string;
  rules: string;
  checks: string;
  plan: string;
  created_by: string;
  created_at: string;
  /** 1, 2, 3… per organisation in the order snapshots were stored (unique): history orders by it. */
  revision: number;
};

/** Organisations whose evidence or intel changed since their last assessment. */
export type AssessmentDueTable = {
  organisation_id: string;
  reason: string;
  requested_at: string;
};

/** Imports that were external (internet-facing) scans: their open services feed TC1. */
export type BoundaryScanTable = {
  organisation_id: string;
  import_id: string;
  marked_at: string;
};

export type AssessmentSampleTable = {
  id: string;
  organisation_id: string;
  /** 1 = first sample, 2 = the second sample after remediation. */
  round: number;
  seed: string;
  method: string;
  /** JSON array of device ids. */
  device_ids: string;
  /** JSON of the SampleCalculation. */
  calculation: string;
  created_by: string;
  created_at: string;
};

export type AssessmentManualResultTable = {
  id: string;
  organisation_id: string;
  /** A ManualTestKind, or `esu-enrolment` (the assessor saw the device's ESU licence). */
  test: string;
  device_id: string | null;
  cloud_service_id: string | null;
  account_role: string | null;
  account_id: string | null;
  result: string;
  notes: string | null;
  recorded_by: string;
  recorded_at: string;
};

export type AssessmentAttachmentTable = {
  id: string;
  organisation_id: string;
  manual_result_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content_base64: string;
  created_at: string;
};

/** A URL told about alert events, signed with its own secret (encrypted under WARD_SECRET_KEY). */
export type WebhookTable = {
  id: string;
  organisation_id: string | null;
  name: string;
  url: string;
  secret_ciphertext: string;
  created_by: string;
  created_at: string;
  disabled_at: string | null;
  /** `alerts` (told about alert events) or `contact` (a readiness contact's channel, used by drills only). */
  purpose: Generated<string>;
};

/** One notification to deliver (e-mail or webhook), written in the transaction of its event. */
export type OutboxTable = {
  id: string;
  dedupe_key: string;
  /** `email` or `webhook`. */
  channel: string;
  event: string;
  organisation_id: string | null;
  webhook_id: string | null;
  /** An e-mail address or the webhook's URL (for people reading the table). */
  recipient: string;
  subject: string | null;
  /** E-mail text, or the webhook's JSON body exactly as it will be signed and sent. */
  body: string;
  /** `pending`, `sending` (claimed under a lease), `sent`, `failed` (permanently). */
  status: string;
  attempts: Generated<number>;
  max_attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  failed_at: string | null;
};

export type AlertTable = {
  id: string;
  reference: string;
  title: string;
  severity: string;
  /** Markdown, stored as written. */
  description: string;
  guidance: string;
  /** JSON of AlertConditions (services/alerts/alert-conditions.ts). */
  conditions: string;
  /** JSON of AlertTarget. */
  target: string;
  issued_at: string;
  issued_by: string;
  ack_deadline: string;
  remediation_deadline: string;
  escalation_interval_minutes: number;
  intel_seen_at: string | null;
  computed_at: string;
};

/** One organisation's response to one alert (services/alerts/alert-state.ts). */
export type AlertOrganisationTable = {
  organisation_id: string;
  alert_id: string;
  /** `issued`, `acknowledged`, `remediated`, `exception`. */
  status: string;
  affected_count: number;
  first_exposed_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  remediated_at: string | null;
  /** `acknowledgement` or `remediation` once that deadline passed unmet. */
  overdue_kind: string | null;
  overdue_at: string | null;
  escalation_count: Generated<number>;
  escalated_at: string | null;
  next_escalation_at: string | null;
  reopened_count: Generated<number>;
  /** `requested`, `approved`. */
  exception_state: string | null;
  exception_justification: string | null;
  exception_controls: string | null;
  exception_expires_at: string | null;
  exception_requested_by: string | null;
  exception_requested_at: string | null;
  exception_approved_by: string | null;
  exception_approved_at: string | null;
  exception_rejected_by: string | null;
  exception_rejected_at: string | null;
  exception_rejection_reason: string | null;
  evidence_through: string | null;
  computed_at: string;
  updated_at: string;
};

export type AlertAffectedAssetTable = {
  organisation_id: string;
  alert_id: string;
  device_id: string;
  /** JSON array of reasons, e.g. "qualys 91345 names CVE-2017-0144". */
  reasons: string;
};

/** The affected count of one organisation each time it changed: the national burn-down. */
export type AlertExposureSnapshotTable = {
  organisation_id: string;
  alert_id: string;
  seq: number;
  at: string;
  affected_count: number;
};

export type Database = {
  organisations: OrganisationTable;
  users: UserTable;
  user_assignments: UserAssignmentTable;
  api_tokens: ApiTokenTable;
  sessions: SessionTable;
  user_totp: UserTotpTable;
  oidc_requests: OidcRequestTable;
  audit_log: AuditLogTable;
  intel_sources: IntelSourceTable;
  intel_sync_state: IntelSyncStateTable;
  cves: CveTable;
  cve_cpe_matches: CveCpeMatchTable;
  kev_entries: KevEntryTable;
  epss_scores: EpssScoreTable;
  lifecycle_releases: LifecycleReleaseTable;
  msrc_remediations: MsrcRemediationTable;
  imports: ImportTable;
  devices: DeviceTable;
  device_observations: DeviceObservationTable;
  software: SoftwareTable;
  findings: FindingTable;
  services: ServiceTable;
  observations: ObservationTable;
  import_warnings: ImportWarningTable;
  cloud_accounts: CloudAccountTable;
  intel_counters: IntelCounterTable;
  intel_product_generations: IntelProductGenerationTable;
  exposure_products: ExposureProductTable;
  exposure_product_cves: ExposureProductCveTable;
  exposure_product_dismissals: ExposureProductDismissalTable;
  cve5_records: Cve5RecordTable;
  cve5_products: Cve5ProductTable;
  cve5_name_generations: Cve5NameGenerationTable;
  osv_records: OsvRecordTable;
  osv_packages: OsvPackageTable;
  osv_cves: OsvCveTable;
  connectors: ConnectorTable;
  connector_pulls: ConnectorPullTable;
  connector_pull_pages: ConnectorPullPageTable;
  assessments: AssessmentTable;
  assessment_due: AssessmentDueTable;
  boundary_scans: BoundaryScanTable;
  assessment_samples: AssessmentSampleTable;
  assessment_manual_results: AssessmentManualResultTable;
  assessment_attachments: AssessmentAttachmentTable;
  webhooks: WebhookTable;
  outbox: OutboxTable;
  alerts: AlertTable;
  alert_organisations: AlertOrganisationTable;
  alert_affected_assets: AlertAffectedAssetTable;
  alert_exposure_snapshots: AlertExposureSnapshotTable;
  readiness_contacts: ReadinessContactTable;
  readiness_plan_files: ReadinessPlanFileTable;
  readiness_plans: ReadinessPlanTable;
  readiness_exercises: ReadinessExerciseTable;
  readiness_actions: ReadinessActionTable;
  drills: DrillTable;
  drill_organisations: DrillOrganisationTable;
  drill_messages: DrillMessageTable;
  incidents: IncidentTable;
};

/** A named emergency contact of an organisation (or of the national team when organisation_id is null). */
export type ReadinessContactTable = {
  id: string;
  organisation_id: string | null;
  name: string;
  role: string;
  email: string | null;
  alt_email: string | null;
  phone: string | null;
  webhook_id: string | null;
  created_at: string;
  updated_at: string;
  removed_at: string | null;
};

export type ReadinessPlanFileTable = { organisation_id: string; sha256: string; size_bytes: number; content_base64: string };

/** One uploaded version of an organisation's incident-response plan; the newest upload is current. */
export type ReadinessPlanTable = {
  id: string;
  organisation_id: string;
  version: string;
  owner: string;
  approved_on: string;
  next_review_on: string;
  file_name: string;
  document_type: string;
  sha256: string;
  size_bytes: number;
  uploaded_by: string;
  uploaded_at: string;
};

export type ReadinessExerciseTable = {
  id: string;
  organisation_id: string;
  held_on: string;
  type: string;
  scenario: string;
  participants: string;
  national_bodies_contacted: number;
  findings: string;
  created_by: string;
  created_at: string;
};

export type ReadinessActionTable = {
  id: string;
  organisation_id: string;
  exercise_id: string;
  description: string;
  owner: string;
  due_on: string;
  status: string;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
};

export type DrillTable = {
  id: string;
  reference: string;
  title: string;
  target: string;
  started_by: string;
  started_at: string;
  window_ends_at: string;
  closed_at: string | null;
};

export type DrillOrganisationTable = {
  organisation_id: string;
  drill_id: string;
  messages: number;
  first_acknowledged_at: string | null;
  flagged_at: string | null;
};

export type DrillMessageTable = {
  id: string;
  organisation_id: string;
  drill_id: string;
  contact_id: string;
  channel: string;
  recipient: string;
  token_hash: string;
  outbox_key: string;
  created_at: string;
  expires_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_ip: string | null;
};

export type IncidentTable = {
  id: string;
  organisation_id: string;
  reference: string;
  type: string;
  summary: string;
  started_at: string;
  ended_at: string | null;
  systems_affected: string;
  services_affected: string;
  appointments_cancelled: number;
  operations_cancelled: number;
  estimated_cost_pounds: number;
  national_support_requested: number;
  alert_id: string | null;
  reported_by: string;
  reported_at: string;
};
