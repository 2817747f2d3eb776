/** The organisation page's panels beside the assessment: alerts, readiness (plans, exercises, actions), drills, incidents. */
import type { OrganisationOverview } from '../../services/organisations/read-organisation-overview.js';
import { formatDate, formatDateTime, formatNumber } from '../format.js';

export const alertStateLabels: Record<string, { text: string; classes: string }> = {
  issued: { text: 'Awaiting acknowledgement', classes: 'nhsuk-tag--yellow' },
  acknowledged: { text: 'Acknowledged', classes: 'nhsuk-tag--blue' },
  remediated: { text: 'Remediated', classes: 'nhsuk-tag--green' },
  exception: { text: 'Exception approved', classes: 'nhsuk-tag--grey' },
  overdue: { text: 'Overdue', classes: 'nhsuk-tag--red' },
  escalated: { text: 'Escalated', classes: 'nhsuk-tag--red' },
};

/** An alert state as an NHS tag (text and colour), for table cells. */
export const tag = (state: string) => {
  const label = alertStateLabels[state] ?? { text: state, classes: 'nhsuk-tag--grey' };
  return `<strong class="nhsuk-tag ${label.classes}">${label.text}</strong>`;
};

export function alertsView(code: string, alerts: OrganisationOverview['alerts']) {
  if (alerts === null) return null;
  return alerts.map((a) => ({
    reference: a.reference,
    href: `/organisations/${code}/alerts/${encodeURIComponent(a.reference)}`,
    title: a.title,
    severity: a.severity,
    stateTag: tag(a.state),
    affectedAssets: a.affectedAssets,
    ackDeadline: formatDateTime(a.ackDeadline),
    remediationDeadline: formatDateTime(a.remediationDeadline),
    needsAcknowledgement: a.acknowledgedAt === null && a.state !== 'remediated' && a.state !== 'exception',
    exceptionRequested: a.exceptionState === 'requested',
  }));
}

export function readinessView(readiness: OrganisationOverview['readiness']) {
  if (readiness === null) return null;
  const current = readiness.plans[0];
  return {
    plan: current
      ? { version: current.version, owner: current.owner, approvedOn: formatDate(current.approvedOn), nextReviewOn: formatDate(current.nextReviewOn), overdue: current.nextReviewOn < readiness.today, fileName: current.fileName }
      : null,
    planVersions: readiness.plans.length,
    exercises: readiness.exercises.slice(0, 10).map((e) => [
      { text: formatDate(e.heldOn) },
      { text: e.type },
      { text: e.scenario },
      { text: `${e.actions.filter((a) => a.status === 'done').length} of ${e.actions.length} done`, format: 'numeric' },
    ]),
    exerciseCount: readiness.exercises.length,
    lastExercise: readiness.exercises[0] ? formatDate(readiness.exercises[0].heldOn) : null,
    overdueActions: readiness.overdueActions.map((a) => [{ text: a.description }, { text: a.owner }, { text: formatDate(a.dueOn) }, { text: a.status }]),
  };
}

export function drillsView(drills: OrganisationOverview['drills']) {
  if (drills === null) return null;
  const minutes = (seconds: number) => (seconds < 90 ? `${seconds} seconds` : `${Math.round(seconds / 60)} minutes`);
  return drills.map((d) => [
    { text: formatDateTime(d.startedAt) },
    { text: `${d.reference}: ${d.title}` },
    { text: d.reached ? `Reached in ${minutes(d.secondsToAcknowledge ?? 0)}` : d.notReached ? 'Not reached' : 'Awaiting acknowledgement' },
    { text: formatNumber(d.messages), format: 'numeric' },
  ]);
}

export function incidentsView(incidents: OrganisationOverview['incidents']) {
  if (incidents === null) return null;
  return incidents.map((i) => [
    { text: i.reference },
    { text: formatDateTime(i.startedAt) },
    { text: i.type },
    { text: i.summary.length > 160 ? `${i.summary.slice(0, 157)}…` : i.summary },
    { text: `${formatNumber(i.appointmentsCancelled)} appointments, ${formatNumber(i.operationsCancelled)} operations cancelled` },
    { text: i.alertReference ?? '–' },
  ]);
}
