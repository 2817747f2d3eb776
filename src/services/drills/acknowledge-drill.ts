import { WardError, notFound } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { hashSecret } from '../ids.js';

export type DrillLink = {
  reference: string;
  title: string;
  odsCode: string;
  contact: string;
  channel: string;
  expiresAt: string;
  state: 'valid' | 'used' | 'expired';
};

export type DrillAcknowledgement = { reference: string; odsCode: string; contact: string; channel: string; acknowledgedAt: string; secondsToAcknowledge: number };

/** Tokens are 43 URL-safe characters; anything else is not looked up at all. */
const tokenPattern = /^[A-Za-z0-9_-]{20,100}$/;

async function findLink(context: ServiceContext, token: string) {
  if (!tokenPattern.test(token)) throw notFound('Acknowledgement link');
  const row = await context.database.db
    .selectFrom('drill_messages')
    .innerJoin('drills', 'drills.id', 'drill_messages.drill_id')
    .innerJoin('organisations', 'organisations.id', 'drill_messages.organisation_id')
    .innerJoin('readiness_contacts', 'readiness_contacts.id', 'drill_messages.contact_id')
    .select([
      'drill_messages.id', 'drill_messages.organisation_id', 'drill_messages.drill_id', 'drill_messages.channel', 'drill_messages.expires_at', 'drill_messages.acknowledged_at',
      'drills.reference', 'drills.title', 'drills.started_at', 'drills.closed_at', 'organisations.ods_code', 'readiness_contacts.name as contact_name',
    ])
    .where('drill_messages.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row) throw notFound('Acknowledgement link');
  return row;
}

/** What a link is for, without using it (a mail scanner opening the link must not acknowledge). */
export async function describeDrillLink(context: ServiceContext, token: string): Promise<DrillLink> {
  const row = await findLink(context, token);
  const nowText = context.clock.now().toISOString();
  const state = row.acknowledged_at !== null ? 'used' : row.expires_at <= nowText || row.closed_at !== null ? 'expired' : 'valid';
  return { reference: row.reference, title: row.title, odsCode: row.ods_code, contact: row.contact_name, channel: row.channel, expiresAt: row.expires_at, state };
}

/**
 * The public acknowledgement: the token is the credential. It works once (a replay is GONE), only
 * until the drill's window ends or the drill is closed (GONE), and records who, on which channel and
 * how long after the drill started.
 */
export async function acknowledgeDrill(context: ServiceContext, actor: Actor, token: string, input: { name?: string } = {}): Promise<DrillAcknowledgement> {
  const row = await findLink(context, token);
  const now = context.clock.now();
  const nowText = now.toISOString();
  if (row.acknowledged_at !== null) throw new WardError('GONE', `This acknowledgement link was already used at ${row.acknowledged_at}: each link works once`, { state: 'used' });
  if (row.expires_at <= nowText || row.closed_at !== null) throw new WardError('GONE', `This acknowledgement link expired when drill ${row.reference} ended`, { state: 'expired' });
  const by = input.name?.trim().slice(0, 200) || row.contact_name;
  const secondsToAcknowledge = Math.round((now.getTime() - Date.parse(row.started_at)) / 1000);
  await context.database.db.transaction().execute(async (trx) => {
    // The single use is decided here: of two racing requests only one updates the row.
    const updated = await trx
      .updateTable('drill_messages')
      .set({ acknowledged_at: nowText, acknowledged_by: by, acknowledged_ip: actor.sourceIp ?? null })
      .where('id', '=', row.id)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new WardError('GONE', 'This acknowledgement link was already used: each link works once', { state: 'used' });
    await trx
      .updateTable('drill_organisations')
      .set({ first_acknowledged_at: nowText })
      .where('organisation_id', '=', row.organisation_id)
      .where('drill_id', '=', row.drill_id)
      .where('first_acknowledged_at', 'is', null)
      .execute();
    await appendAudit(trx, context.database.capabilities, { principal: { type: 'system', label: `drill-link:${row.contact_name}` }, sourceIp: actor.sourceIp ?? null }, {
      action: 'drill.acknowledged', objectType: 'drill', objectId: row.drill_id, organisationId: row.organisation_id,
      details: { reference: row.reference, messageId: row.id, contact: row.contact_name, acknowledgedBy: by, channel: row.channel, secondsToAcknowledge },
    }, now);
  });
  return { reference: row.reference, odsCode: row.ods_code, contact: row.contact_name, channel: row.channel, acknowledgedAt: nowText, secondsToAcknowledge };
}
