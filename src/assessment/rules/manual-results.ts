/**
 * Reads the assessor's recorded sub-test results. When a sub-test was recorded more than once (a
 * re-test after remediation), the latest record counts, so history is kept but not double-counted.
 */
import type { AssessmentInput, Device, ManualResult, ManualTestKind } from '../assessment-input.js';
import type { Reason } from '../outcome.js';
import { onDevice } from './rule-helpers.js';

export function latestResult(input: AssessmentInput, test: ManualTestKind, matches: (r: ManualResult) => boolean): ManualResult | undefined {
  return input.manualResults
    .filter((r) => r.test === test && matches(r))
    .sort((a, b) => (a.recordedOn === b.recordedOn ? a.id.localeCompare(b.id) : a.recordedOn.localeCompare(b.recordedOn)))
    .at(-1);
}

/** Sampled devices that exist in the inventory, in sample order. */
export function sampledDevices(input: AssessmentInput): AssessmentInput['devices'] {
  const byId = new Map(input.devices.map((d) => [d.id, d]));
  return (input.sample?.deviceIds ?? []).map((id) => byId.get(id)).filter((d) => d !== undefined);
}

export const manualTestLabels: Record<ManualTestKind, string> = {
  'tc3-email': 'TC3 e-mail test files',
  'tc3-web': 'TC3 web download test files',
  'tc3-allowlisting': 'TC3 allow-listing tests',
  'tc4-mfa': 'TC4 MFA',
  'tc5-separation': 'TC5 account separation',
};

/** One device sub-test as a reason: pass, fail (re-test after fixing) or not recorded. */
export function manualReason(input: AssessmentInput, device: Device, test: ManualTestKind): Reason {
  const record = latestResult(input, test, (r) => r.deviceId === device.id);
  const on = onDevice(device);
  if (record === undefined) return { ...on, code: `${test}.not-recorded`, outcome: 'not-evidenced', message: `${device.name}: no ${manualTestLabels[test]} result recorded.` };
  const notes = record.notes ? ` Notes: ${record.notes}` : '';
  const facts = { recordId: record.id, recordedBy: record.recordedBy, recordedOn: record.recordedOn };
  return record.result === 'pass'
    ? { ...on, code: `${test}.pass`, outcome: 'pass', message: `${device.name}: ${manualTestLabels[test]} passed (${record.recordedOn}).${notes}`, facts }
    : { ...on, code: `${test}.fail`, outcome: 'fail', message: `${device.name}: ${manualTestLabels[test]} failed (${record.recordedOn}).${notes}`, facts, remedy: { kind: 'retest', test: manualTestLabels[test] } };
}

