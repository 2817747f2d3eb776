import type { FastifyRequest } from 'fastify';
import { actions, authorize } from '../core/authorization.js';
import { normaliseOdsCode } from '../core/organisation.js';
import type { Principal } from '../core/principal.js';
import type { ServiceContext } from '../services/context.js';
import type { RouteAccess } from './route-definition.js';

/**
 * Enforces a route's declared access before its handler runs, so a page or endpoint whose handler
 * forgets to authorise (a form that calls no use case until it is posted) is still closed. The use
 * cases authorise again: this is the outer of two locks, not a replacement.
 *
 * National actions are decided from the principal alone. Organisation actions are decided when the
 * route names the organisation in its path; an unknown or malformed code is left to the handler,
 * which answers 404 or 400 as before. Organisation actions without a path parameter (lists that the
 * use case filters) are left to the use case.
 */
export async function enforceDeclaredAccess(request: FastifyRequest, context: ServiceContext, access: Extract<RouteAccess, { kind: 'signed-in' }>, principal: Principal): Promise<void> {
  if (actions[access.action] === 'system') {
    authorize(principal, access.action);
    return;
  }
  if (access.organisationParam === undefined) return;
  const raw = (request.params as Record<string, unknown>)[access.organisationParam];
  if (typeof raw !== 'string') return;
  let code: string;
  try {
    code = normaliseOdsCode(raw);
  } catch {
    return;
  }
  const row = await context.database.db.selectFrom('organisations').select('id').where('ods_code', '=', code).executeTakeFirst();
  if (row) authorize(principal, access.action, row.id);
}
