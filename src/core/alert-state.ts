/**
 * One organisation's response to one critical alert, as a pure state machine. Stored status is
 * `issued` → `acknowledged` → `remediated`, or `exception`; being late is a flag beside it
 * (`overdueKind`) and escalations are counted, so "overdue" and "escalated" are what a person sees
 * while the stored status keeps what the organisation has done.
 */
export const alertStatuses = ['issued', 'acknowledged', 'remediated', 'exception'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** What the board shows. */
export type AlertDisplayState = AlertStatus | 'overdue' | 'escalated';

export type OverdueKind = 'acknowledgement' | 'remediation';

/**
 * An exception request beside the status: `requested` by the organisation, then `approved` (the
 * status becomes `exception`) or `rejected` (the status stays open, deadlines and escalations run
 * on, and the organisation may ask again).
 */
export const exceptionStates = ['requested', 'approved', 'rejected'] as const;
export type ExceptionState = (typeof exceptionStates)[number];

/** Only a pending request can be approved or rejected. */
export function exceptionDecidable(state: Pick<AlertOrganisationState, 'exceptionState'>): boolean {
  return state.exceptionState === 'requested';
}

export type AlertOrganisationState = {
  status: AlertStatus;
  affectedCount: number;
  acknowledgedAt: string | null;
  remediatedAt: string | null;
  overdueKind: OverdueKind | null;
  escalationCount: number;
  nextEscalationAt: string | null;
  exceptionState: ExceptionState | null;
  exceptionExpiresAt: string | null;
};

export type AlertDeadlines = { ackDeadline: string; remediationDeadline: string; escalationIntervalMinutes: number };

export function isClosed(state: Pick<AlertOrganisationState, 'status'>): boolean {
  return state.status === 'remediated' || state.status === 'exception';
}

export function displayState(state: AlertOrganisationState): AlertDisplayState {
  if (isClosed(state)) return state.status;
  if (state.overdueKind !== null) return state.escalationCount > 0 ? 'escalated' : 'overdue';
  return state.status;
}

/** Which deadline an open organisation has missed at `now`, the remediation one first. */
export function missedDeadline(state: AlertOrganisationState, deadlines: AlertDeadlines, now: Date): OverdueKind | null {
  if (isClosed(state)) return null;
  const at = now.getTime();
  if (state.affectedCount > 0 && at >= Date.parse(deadlines.remediationDeadline)) return 'remediation';
  if (state.acknowledgedAt === null && at >= Date.parse(deadlines.ackDeadline)) return 'acknowledgement';
  return null;
}

export type DueAction =
  | { kind: 'overdue'; overdueKind: OverdueKind }
  | { kind: 'escalate-again'; overdueKind: OverdueKind }
  | { kind: 'exception-expired' }
  | { kind: 'back-on-time' };

/** What the scheduler must do for one organisation at `now`, if anything. */
export function dueAction(state: AlertOrganisationState, deadlines: AlertDeadlines, now: Date): DueAction | null {
  if (state.status === 'exception') {
    return state.exceptionExpiresAt !== null && now.getTime() >= Date.parse(state.exceptionExpiresAt) ? { kind: 'exception-expired' } : null;
  }
  if (state.status === 'remediated') return null;
  const missed = missedDeadline(state, deadlines, now);
  if (missed === null) return state.overdueKind !== null ? { kind: 'back-on-time' } : null;
  if (state.overdueKind !== missed) return { kind: 'overdue', overdueKind: missed };
  if (state.nextEscalationAt !== null && now.getTime() >= Date.parse(state.nextEscalationAt)) return { kind: 'escalate-again', overdueKind: missed };
  return null;
}

export type ExposureOutcome = 'remediated' | 'reopened' | null;

/**
 * What fresh evidence does: no affected asset AND every in-scope asset seen since the alert
 * verifies remediation; the condition seen again re-opens a remediated organisation.
 */
export function exposureOutcome(state: AlertOrganisationState, evidence: { affectedCount: number; covered: boolean }): ExposureOutcome {
  if ((state.status === 'issued' || state.status === 'acknowledged') && evidence.affectedCount === 0 && evidence.covered) return 'remediated';
  if (state.status === 'remediated' && evidence.affectedCount > 0) return 'reopened';
  return null;
}

/** The status an organisation returns to when it is open again. */
export function openStatus(state: Pick<AlertOrganisationState, 'acknowledgedAt'>): AlertStatus {
  return state.acknowledgedAt === null ? 'issued' : 'acknowledged';
}
