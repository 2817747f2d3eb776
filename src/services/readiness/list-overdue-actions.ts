import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { actionView, type ActionView } from './exercise-view.js';
import { organisationFor, today } from './readiness-input.js';

/**
 * Exercise actions past their due day and not done, oldest first: one organisation's (`odsCode`),
 * or every organisation's (null: national roles only). Dashboards call this.
 */
export async function listOverdueActions(context: ServiceContext, actor: Actor, odsCode: string | null = null): Promise<ActionView[]> {
  const organisation = odsCode ? await organisationFor(context, actor, 'readiness:read', odsCode) : null;
  if (!organisation) authorize(actor.principal, 'readiness:read-national');
  const day = today(context);
  const rows = await context.database.db
    .selectFrom('readiness_actions')
    .innerJoin('organisations', 'organisations.id', 'readiness_actions.organisation_id')
    .selectAll('readiness_actions')
    .select('organisations.ods_code')
    .where('readiness_actions.status', '<>', 'done')
    .where('readiness_actions.due_on', '<', day)
    .$if(organisation !== null, (q) => q.where('readiness_actions.organisation_id', '=', organisation?.id ?? ''))
    .orderBy('readiness_actions.due_on')
    .orderBy('organisations.ods_code')
    .execute();
  return rows.map((row) => actionView(row, row.ods_code, day));
}
