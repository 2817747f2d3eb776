import { notFound } from '../../core/errors.js';
import type { ServiceContext } from '../context.js';
import { normaliseEmail, toUser, type User } from './user.js';

/** A user by sign-in e-mail (case-insensitive), for operator commands. */
export async function findUserByEmail(context: ServiceContext, email: string): Promise<User> {
  const row = await context.database.db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  if (!row) throw notFound(`User ${email}`);
  return toUser(row);
}
