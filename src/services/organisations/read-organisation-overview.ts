/**
 * Everything one organisation's page and board report show beside its devices: the latest
 * assessment and its history, alerts, readiness, drills and incidents. Each part is read through
 * its own use case (which authorises); a part the actor may not read is null, never faked.
 */
import { can } from '../../core/authorization.js';
import { isWardError } from '../../core/errors.js';
import type { Organisation } from '../../core/organisation.js';
import type { Actor } from '../../core/principal.js';
import { listOrganisationAlerts } from '../alerts/read-alerts.js';
import { latestAssessment, listAssessments } from '../assessment/list-assessments.js';
import { readAssessmentDue } from '../assessment/read-assessment-due.js';
import type { AssessmentSummary, StoredAssessment } from '../assessment/stored-assessment.js';
import type { ServiceContext } from '../context.js';
import { listOrganisationDrills, type OrganisationDrill } from '../drills/list-organisation-drills.js';
import type { IncidentView } from '../incidents/incident-view.js';
import { listIncidents } from '../incidents/list-incidents.js';
import type { ActionView, ExerciseView } from '../readiness/exercise-view.js';
import { listExercises } from '../readiness/list-exercises.js';
import { listOverdueActions } from '../readiness/list-overdue-actions.js';
import { listPlans } from '../readiness/list-plans.js';
import type { PlanView } from '../readiness/plan-view.js';
import { getOrganisation } from './get-organisation.js';

export type OrganisationAlertItem = Awaited<ReturnType<typeof listOrganisationAlerts>>[number];

export type OrganisationOverview = {
  organisation: Organisation;
  assessment: { latest: StoredAssessment | null; history: AssessmentSummary[]; due: { reason: string; requestedAt: string } | null } | null;
  alerts: OrganisationAlertItem[] | null;
  readiness: { plans: PlanView[]; exercises: ExerciseView[]; overdueActions: ActionView[]; today: string } | null;
  drills: OrganisationDrill[] | null;
  incidents: IncidentView[] | null;
};

async function orNullWhenMissing<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (isWardError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

export async function readOrganisationOverview(context: ServiceContext, actor: Actor, odsCode: string, options: { historyLimit?: number } = {}): Promise<OrganisationOverview> {
  const organisation = await getOrganisation(context, actor, odsCode);
  const code = organisation.odsCode;
  const allowed = (action: Parameters<typeof can>[1]) => can(actor.principal, action, organisation.id);
  const assessment = allowed('assessment:read')
    ? {
        latest: await orNullWhenMissing(latestAssessment(context, actor, code)),
        history: await listAssessments(context, actor, code, { limit: options.historyLimit ?? 60 }),
        due: await readAssessmentDue(context, actor, code),
      }
    : null;
  const readiness = allowed('readiness:read')
    ? { plans: await listPlans(context, actor, code), exercises: await listExercises(context, actor, code), overdueActions: await listOverdueActions(context, actor, code), today: context.clock.now().toISOString().slice(0, 10) }
    : null;
  return {
    organisation,
    assessment,
    alerts: allowed('alert:read') ? await listOrganisationAlerts(context, actor, code) : null,
    readiness,
    drills: allowed('readiness:read') ? await listOrganisationDrills(context, actor, code) : null,
    incidents: allowed('incident:read') ? await listIncidents(context, actor, code) : null,
  };
}
