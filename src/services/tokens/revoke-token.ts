import { authorize } from '../../core/authorization.js';
import { notFound } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { findOrganisation } from '../organisations/find-organisation.js';

export async function revokeToken(context: ServiceContext, actor: Actor, odsCode: string, tokenId: string): Promise<void> {
  const organisation = await findOrganisation(context, odsCode);
  authorize(actor.principal, 'token:revoke', organisation.id);
  const { db, capabilities } = context.database;
  const now = context.clock.now();
  await db.transaction().execute(async (trx) => {
    // Scoping by organisation as well as id: a token id from another organisation is simply not found.
    const token = await trx.selectFrom('api_tokens').select(['id', 'revoked_at']).where('id', '=', tokenId).where('organisation_id', '=', organisation.id).executeTakeFirst();
    if (!token) throw notFound('Token');
    if (token.revoked_at !== null) return;
    await trx.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('id', '=', tokenId).execute();
    await appendAudit(trx, capabilities, actor, { action: 'token.revoked', objectType: 'api_token', objectId: tokenId, organisationId: organisation.id }, now);
  });
}
