import { authorize } from '../../core/authorization.js';
import { WardError, invalidInput } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import { isRole, nationalRoles, organisationRoles, type Role } from '../../core/roles.js';
import { appendAudit } from '../audit/append-audit.js';
import type { ServiceContext } from '../context.js';
import { newId } from '../ids.js';
import { findOrganisation } from '../organisations/find-organisation.js';
import { hashPassword } from './password-hashing.js';
import { emailPattern, normaliseEmail, type User } from './user.js';

export type AddUserInput = {
  email: string;
  displayName: string;
  role: string;
  /** Required for organisation roles, refused for national ones. */
  odsCode?: string | null;
  /** Organisations an assessor is assigned to. */
  assignedOdsCodes?: string[];
  password: string;
};

export async function addUser(context: ServiceContext, actor: Actor, input: AddUserInput): Promise<User> {
  const email = normaliseEmail(input.email);
  if (!emailPattern.test(email) || email.length > 254) throw invalidInput(`"${input.email.slice(0, 60)}" is not an e-mail address`, { email: 'malformed' });
  const displayName = input.displayName.trim();
  if (displayName === '' || displayName.length > 200) throw invalidInput('A user needs a name of 1 to 200 characters', { displayName: 'required' });
  if (!isRole(input.role)) throw invalidInput(`Unknown role "${input.role}"`, { role: 'unknown' });
  const role: Role = input.role;
  checkPassword(input.password, context.security.passwordMinLength);

  let organisationId: string | null = null;
  const assignedIds: string[] = [];
  if (organisationRoles.includes(role)) {
    if (!input.odsCode) throw invalidInput(`Role ${role} belongs to one organisation: give its ODS code`, { odsCode: 'required' });
    const organisation = await findOrganisation(context, input.odsCode);
    authorize(actor.principal, 'user:create', organisation.id);
    organisationId = organisation.id;
  } else {
    if (input.odsCode) throw invalidInput(`Role ${role} is not tied to one organisation`, { odsCode: 'not-allowed' });
    authorize(actor.principal, 'user:create-national');
    for (const code of role === 'assessor' ? input.assignedOdsCodes ?? [] : []) {
      assignedIds.push((await findOrganisation(context, code)).id);
    }
  }

  const now = context.clock.now().toISOString();
  const passwordHash = await hashPassword(input.password);
  const { db, capabilities } = context.database;
  const id = newId();
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) throw new WardError('CONFLICT', `A user with e-mail ${email} already exists`);
    await trx
      .insertInto('users')
      .values({ id, email, display_name: displayName, password_hash: passwordHash, role, organisation_id: organisationId, locked_until: null, disabled_at: null, created_at: now, updated_at: now })
      .execute();
    for (const organisation of assignedIds) {
      await trx.insertInto('user_assignments').values({ user_id: id, organisation_id: organisation, created_at: now }).execute();
    }
    await appendAudit(trx, capabilities, actor, {
      action: 'user.created',
      objectType: 'user',
      objectId: id,
      organisationId,
      details: { email, role, national: nationalRoles.includes(role), assignedOrganisations: assignedIds },
    }, new Date(now));
  });
  return { id, email, displayName, role, organisationId, lockedUntil: null, disabled: false, createdAt: now };
}

function checkPassword(password: string, minLength: number): void {
  if (password.length < minLength) throw invalidInput(`A password needs at least ${minLength} characters`, { password: 'too-short' });
  if (password.length > 1024) throw invalidInput('A password may have at most 1024 characters', { password: 'too-long' });
}
