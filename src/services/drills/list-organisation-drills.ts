import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { organisationFor } from '../readiness/readiness-input.js';
import { drillState } from './drill-records.js';

export type OrganisationDrill = {
  reference: string;
  title: string;
  startedAt: string;
  windowEndsAt: string;
  state: 'open' | 'window-ended' | 'closed';
  messages: number;
  reached: boolean;
  firstAcknowledgedAt: string | null;
  secondsToAcknowledge: number | null;
  /** The window ended with no acknowledgement: the national team flags the organisation. */
  notReached: boolean;
};

/**
 * The drills one organisation took part in, newest first, with its own result only: drills are part
 * of its readiness, so readers of its readiness see them (the national report stays national).
 */
export async function listOrganisationDrills(context: ServiceContext, actor: Actor, odsCode: string): Promise<OrganisationDrill[]> {
  const organisation = await organisationFor(context, actor, 'readiness:read', odsCode);
  const now = context.clock.now();
  const rows = await context.database.db
    .selectFrom('drill_organisations')
    .innerJoin('drills', 'drills.id', 'drill_organisations.drill_id')
    .select(['drills.id', 'drills.reference', 'drills.title', 'drills.started_at', 'drills.window_ends_at', 'drills.closed_at', 'drills.started_by', 'drill_organisations.messages', 'drill_organisations.first_acknowledged_at'])
    .where('drill_organisations.organisation_id', '=', organisation.id)
    .orderBy('drills.started_at', 'desc')
    .execute();
  return rows.map((r) => {
    const state = drillState({ id: r.id, reference: r.reference, title: r.title, startedAt: r.started_at, windowEndsAt: r.window_ends_at, closedAt: r.closed_at, startedBy: r.started_by }, now);
    const reached = r.first_acknowledged_at !== null;
    return {
      reference: r.reference, title: r.title, startedAt: r.started_at, windowEndsAt: r.window_ends_at, state, messages: r.messages, reached,
      firstAcknowledgedAt: r.first_acknowledged_at,
      secondsToAcknowledge: r.first_acknowledged_at ? Math.round((Date.parse(r.first_acknowledged_at) - Date.parse(r.started_at)) / 1000) : null,
      notReached: !reached && state !== 'open',
    };
  });
}
