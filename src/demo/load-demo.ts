import { systemActor } from '../core/principal.js';
import { isWardError } from '../core/errors.js';
import type { ServiceContext } from '../services/context.js';
import { addOrganisation } from '../services/organisations/add-organisation.js';
import { addUser } from '../services/users/add-user.js';
import { hashPassword } from '../services/users/password-hashing.js';
import { newSecret } from '../services/ids.js';
import { loadNhsTrusts } from './nhs-trusts.js';

export type DemoLogin = { email: string; password: string; role: string; organisation: string | null };
export type DemoSummary = { organisations: { added: number; existing: number }; logins: DemoLogin[] };

const actor = systemActor('demo');

/**
 * Loads real NHS trusts as organisations and sets up a national admin and an organisation admin.
 * Running it again keeps what exists and issues fresh passwords, so the printed logins always work.
 */
export async function loadDemo(context: ServiceContext, options: { organisations: number }): Promise<DemoSummary> {
  const trusts = loadNhsTrusts().slice(0, options.organisations);
  let added = 0;
  for (const trust of trusts) {
    try {
      await addOrganisation(context, actor, { odsCode: trust.odsCode, name: trust.name, kind: 'trust', region: trust.region });
      added += 1;
    } catch (error) {
      if (!(isWardError(error) && error.code === 'CONFLICT')) throw error;
    }
  }
  const first = trusts[0];
  const logins: DemoLogin[] = [await demoUser(context, 'admin@ward.demo', 'National Admin (demo)', 'national-admin', null)];
  if (first) logins.push(await demoUser(context, `admin@${first.odsCode.toLowerCase()}.ward.demo`, `${first.odsCode} admin (demo)`, 'org-admin', first.odsCode));
  return { organisations: { added, existing: trusts.length - added }, logins };
}

async function demoUser(context: ServiceContext, email: string, displayName: string, role: string, odsCode: string | null): Promise<DemoLogin> {
  const password = `demo-${newSecret().slice(0, 16)}`;
  const { db } = context.database;
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) {
    await db.updateTable('users').set({ password_hash: await hashPassword(password), failed_logins: 0, locked_until: null }).where('id', '=', existing.id).execute();
  } else {
    await addUser(context, actor, { email, displayName, role, odsCode, password });
  }
  return { email, password, role, organisation: odsCode };
}
