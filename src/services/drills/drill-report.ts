import { authorize } from '../../core/authorization.js';
import type { Actor } from '../../core/principal.js';
import type { ServiceContext } from '../context.js';
import { messageChannels } from '../readiness/contact-view.js';
import { drillState, findDrill } from './drill-records.js';
import { distribution, type Distribution } from './distribution.js';

export type ChannelReach = { channel: string; messages: number; delivered: number; failed: number; pending: number; acknowledged: number; acknowledgedPercent: number | null };

export type DrillOrganisationResult = {
  odsCode: string;
  name: string;
  messages: number;
  reached: boolean;
  firstAcknowledgedAt: string | null;
  secondsToAcknowledge: number | null;
  /** The channel and contact of the first acknowledgement. */
  firstChannel: string | null;
  acknowledgedBy: string | null;
  /** Not reached: the window ended (or the drill was closed) with no acknowledgement. */
  notReached: boolean;
};

export type DrillReport = {
  reference: string;
  title: string;
  startedAt: string;
  windowEndsAt: string;
  closedAt: string | null;
  state: 'open' | 'window-ended' | 'closed';
  totals: { organisations: number; reached: number; notReached: number; awaiting: number; messages: number; acknowledgedMessages: number };
  byChannel: ChannelReach[];
  /** Seconds from the drill's start to each organisation's first acknowledgement. */
  timeToAcknowledge: Distribution;
  organisations: DrillOrganisationResult[];
  notReached: string[];
};

/**
 * The drill report: reach by channel (delivery from the outbox), time to acknowledge, organisations
 * not reached. `only` (organisation ids) narrows every figure to some organisations, such as the
 * national dashboard's region and kind filters.
 */
export async function drillReport(context: ServiceContext, actor: Actor, reference: string, only?: ReadonlySet<string>): Promise<DrillReport> {
  authorize(actor.principal, 'drill:read');
  const { db } = context.database;
  const drill = await findDrill(db, reference);
  const state = drillState(drill, context.clock.now());
  const ended = state !== 'open';
  const organisations = await db
    .selectFrom('drill_organisations')
    .innerJoin('organisations', 'organisations.id', 'drill_organisations.organisation_id')
    .select(['organisations.id', 'organisations.ods_code', 'organisations.name', 'drill_organisations.messages', 'drill_organisations.first_acknowledged_at'])
    .where('drill_organisations.drill_id', '=', drill.id)
    .orderBy('organisations.ods_code')
    .execute()
    .then((rows) => (only ? rows.filter((o) => only.has(o.id)) : rows));
  const messages = await db
    .selectFrom('drill_messages')
    .innerJoin('readiness_contacts', 'readiness_contacts.id', 'drill_messages.contact_id')
    .leftJoin('outbox', 'outbox.dedupe_key', 'drill_messages.outbox_key')
    .select(['drill_messages.organisation_id', 'drill_messages.channel', 'drill_messages.acknowledged_at', 'drill_messages.acknowledged_by', 'readiness_contacts.name as contact_name', 'outbox.status as delivery'])
    .where('drill_messages.drill_id', '=', drill.id)
    .orderBy('drill_messages.acknowledged_at')
    .execute()
    .then((rows) => (only ? rows.filter((m) => only.has(m.organisation_id)) : rows));
  const byChannel = messageChannels.map((channel) => {
    const of = messages.filter((m) => m.channel === channel);
    const acknowledged = of.filter((m) => m.acknowledged_at !== null).length;
    return {
      channel, messages: of.length,
      delivered: of.filter((m) => m.delivery === 'sent').length, failed: of.filter((m) => m.delivery === 'failed').length,
      pending: of.filter((m) => m.delivery !== 'sent' && m.delivery !== 'failed').length,
      acknowledged, acknowledgedPercent: of.length > 0 ? Math.round((acknowledged / of.length) * 1000) / 10 : null,
    };
  });
  const results: DrillOrganisationResult[] = organisations.map((o) => {
    const first = messages.find((m) => m.organisation_id === o.id && m.acknowledged_at !== null);
    const seconds = o.first_acknowledged_at ? Math.round((Date.parse(o.first_acknowledged_at) - Date.parse(drill.startedAt)) / 1000) : null;
    return {
      odsCode: o.ods_code, name: o.name, messages: o.messages, reached: o.first_acknowledged_at !== null, firstAcknowledgedAt: o.first_acknowledged_at, secondsToAcknowledge: seconds,
      firstChannel: first?.channel ?? null, acknowledgedBy: first ? `${first.contact_name}${first.acknowledged_by && first.acknowledged_by !== first.contact_name ? ` (${first.acknowledged_by})` : ''}` : null,
      notReached: ended && o.first_acknowledged_at === null,
    };
  });
  const reached = results.filter((r) => r.reached).length;
  const notReached = results.filter((r) => r.notReached).map((r) => r.odsCode);
  return {
    reference: drill.reference, title: drill.title, startedAt: drill.startedAt, windowEndsAt: drill.windowEndsAt, closedAt: drill.closedAt, state,
    totals: { organisations: results.length, reached, notReached: notReached.length, awaiting: results.length - reached - notReached.length, messages: messages.length, acknowledgedMessages: messages.filter((m) => m.acknowledged_at !== null).length },
    byChannel,
    timeToAcknowledge: distribution(results.flatMap((r) => (r.secondsToAcknowledge === null ? [] : [r.secondsToAcknowledge]))),
    organisations: results,
    notReached,
  };
}

export type DrillSummary = { reference: string; title: string; startedAt: string; windowEndsAt: string; state: 'open' | 'window-ended' | 'closed'; organisations: number; reached: number };

/** Every drill, newest first, with how many organisations acknowledged. */
export async function listDrills(context: ServiceContext, actor: Actor): Promise<DrillSummary[]> {
  authorize(actor.principal, 'drill:read');
  const now = context.clock.now();
  const rows = await context.database.db
    .selectFrom('drills')
    .leftJoin('drill_organisations', 'drill_organisations.drill_id', 'drills.id')
    .select((eb) => ['drills.id', 'drills.reference', 'drills.title', 'drills.started_at', 'drills.window_ends_at', 'drills.closed_at', 'drills.started_by', eb.fn.count<string | number>('drill_organisations.organisation_id').as('organisations'), eb.fn.count<string | number>('drill_organisations.first_acknowledged_at').as('reached')])
    .groupBy(['drills.id', 'drills.reference', 'drills.title', 'drills.started_at', 'drills.window_ends_at', 'drills.closed_at', 'drills.started_by'])
    .orderBy('drills.started_at', 'desc')
    .execute();
  return rows.map((r) => ({
    reference: r.reference, title: r.title, startedAt: r.started_at, windowEndsAt: r.window_ends_at,
    state: drillState({ id: r.id, reference: r.reference, title: r.title, startedAt: r.started_at, windowEndsAt: r.window_ends_at, closedAt: r.closed_at, startedBy: r.started_by }, now),
    organisations: Number(r.organisations), reached: Number(r.reached),
  }));
}
