import { createHash } from 'node:crypto';
import { authorize } from '../../core/authorization.js';
import { invalidInput, WardError } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { esuEnrolmentTest, manualTestKinds } from './assemble-assessment-input.js';
import { findDevice } from './find-device.js';
import { markAssessmentDue } from './mark-assessment-due.js';

export const recordableTests = [...manualTestKinds, esuEnrolmentTest] as const;

export type Attachment = { fileName: string; contentType: string; bytes: Uint8Array };

export type RecordManualResultInput = {
  odsCode: string;
  test: string;
  result: string;
  /** Device id or host name: TC3, TC5 and ESU records are per device. */
  device?: string;
  /** TC4: the cloud service tested, and which kind of account signed in. */
  cloudServiceId?: string;
  accountRole?: string;
  accountId?: string;
  notes?: string;
  attachments?: readonly Attachment[];
};

export type ManualResultRecord = {
  id: string;
  test: string;
  result: 'pass' | 'fail';
  deviceId: string | null;
  cloudServiceId: string | null;
  accountRole: string | null;
  accountId: string | null;
  notes: string | null;
  recordedBy: string;
  recordedAt: string;
  attachments: { id: string; fileName: string; contentType: string; sizeBytes: number; sha256: string }[];
};

export const maxAttachmentBytes = 5 * 1024 * 1024;
export const maxAttachments = 5;
const maxNotes = 4000;

/**
 * An assessor's manual CE+ sub-test result (TC3 e-mail/web/allow-listing and TC5 per sampled
 * device, TC4 per cloud service and account role) or an ESU enrolment they verified, with notes and
 * attachments (stored in the database, each at most 5 MiB, hashed). Audited, and the organisation
 * is marked for re-assessment in the same transaction, since the records feed the rules.
 */
export async function recordManualResult(context: ServiceContext, actor: Actor, input: RecordManualResultInput): Promise<ManualResultRecord> {
  const organisation = await findOrganisation(context, input.odsCode);
  authorize(actor.principal, 'assessment:record', organisation.id);
  if (!(recordableTests as readonly string[]).includes(input.test)) throw invalidInput(`Unknown test "${input.test.slice(0, 40)}": one of ${recordableTests.join(', ')}`, { test: 'unknown' });
  if (input.result !== 'pass' && input.result !== 'fail') throw invalidInput('The result is pass or fail', { result: 'invalid' });
  const perDevice = input.test.startsWith('tc3-') || input.test === 'tc5-separation' || input.test === esuEnrolmentTest;
  if (perDevice && input.device === undefined) throw invalidInput(`${input.test} is recorded per device: name the device`, { device: 'required' });
  if (input.test === 'tc4-mfa') {
    if (input.cloudServiceId === undefined) throw invalidInput('tc4-mfa is recorded per cloud service: give cloudServiceId', { cloudServiceId: 'required' });
    if (input.accountRole !== 'user' && input.accountRole !== 'admin') throw invalidInput('tc4-mfa needs accountRole user or admin', { accountRole: 'invalid' });
  }
  if ((input.notes ?? '').length > maxNotes) throw invalidInput(`Notes are limited to ${maxNotes} characters`, { notes: 'too long' });
  const attachments = input.attachments ?? [];
  if (attachments.length > maxAttachments) throw invalidInput(`At most ${maxAttachments} attachments`, { attachments: 'too many' });
  for (const a of attachments) {
    if (a.bytes.byteLength > maxAttachmentBytes) throw new WardError('PAYLOAD_TOO_LARGE', `${a.fileName.slice(0, 80)} is larger than ${maxAttachmentBytes} bytes`);
  }
  const device = input.device !== undefined ? await findDevice(context, organisation.id, input.device) : undefined;
  if (input.cloudServiceId !== undefined) await findDevice(context, organisation.id, input.cloudServiceId);

  const now = context.clock.now();
  const label = actor.principal.label;
  const id = newId();
  const row = {
    id,
    organisation_id: organisation.id,
    test: input.test,
    device_id: device?.id ?? null,
    cloud_service_id: input.cloudServiceId ?? null,
    account_role: input.accountRole ?? null,
    account_id: input.accountId ?? null,
    result: input.result,
    notes: input.notes ?? null,
    recorded_by: label,
    recorded_at: now.toISOString(),
  };
  const stored = attachments.map((a) => ({
    id: newId(),
    organisation_id: organisation.id,
    manual_result_id: id,
    file_name: a.fileName.split(/[\\/]/).at(-1)?.slice(0, 255) || 'attachment',
    content_type: a.contentType.slice(0, 100) || 'application/octet-stream',
    size_bytes: a.bytes.byteLength,
    sha256: createHash('sha256').update(a.bytes).digest('hex'),
    content_base64: Buffer.from(a.bytes).toString('base64'),
    created_at: now.toISOString(),
  }));
  await context.database.db.transaction().execute(async (trx) => {
    await trx.insertInto('assessment_manual_results').values(row).execute();
    for (const a of stored) await trx.insertInto('assessment_attachments').values(a).execute();
    await markAssessmentDue(trx, [organisation.id], 'assessor', now);
    await appendAudit(
      trx,
      context.database.capabilities,
      actor,
      {
        action: 'assessment.manual-result.recorded',
        objectType: 'assessment_manual_result',
        objectId: id,
        organisationId: organisation.id,
        details: { test: row.test, result: row.result, deviceId: row.device_id, cloudServiceId: row.cloud_service_id, accountRole: row.account_role, attachments: stored.map((a) => ({ fileName: a.file_name, sizeBytes: a.size_bytes, sha256: a.sha256 })) },
      },
      now,
    );
  });
  return {
    id,
    test: row.test,
    result: input.result,
    deviceId: row.device_id,
    cloudServiceId: row.cloud_service_id,
    accountRole: row.account_role,
    accountId: row.account_id,
    notes: row.notes,
    recordedBy: label,
    recordedAt: row.recorded_at,
    attachments: stored.map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, sizeBytes: a.size_bytes, sha256: a.sha256 })),
  };
}
