import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WardError } from '../core/errors.js';
import type { ServiceContext } from '../services/context.js';
import { resolveSession } from '../services/sessions/resolve-session.js';
import { authenticateToken } from '../services/tokens/authenticate-token.js';
import { enforceDeclaredAccess } from './declared-access.js';
import './request-principal.js';

export const sessionCookie = 'ward_session';
export const csrfHeader = 'x-ward-csrf';
/** Where a web page sends a signed-in user who must set up an authenticator first. */
export const secondFactorSetupPage = '/account/two-factor';

/**
 * The CSRF token is derived from the session secret, so it needs no storage and dies with the
 * session. Cookie-authenticated requests that change something must echo it in a header, which a
 * cross-site form or image request cannot do.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`ward-csrf:${sessionToken}`).digest('base64url');
}

/** The session cookie: not readable by scripts, not sent on cross-site sub-requests. */
export function setSessionCookie(reply: FastifyReply, session: { token: string; expiresAt: string }, secure: boolean): void {
  reply.setCookie(sessionCookie, session.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: new Date(session.expiresAt) });
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerAuthentication(app: FastifyInstance, context: ServiceContext): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionStage', null);

  // Authentication runs before body parsing and validation, so an anonymous caller learns nothing
  // about a route's schema and gets 401 whatever it sent.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const sessionToken = await identify(request, context);
    const access = request.routeOptions.config.access;
    if (access?.kind !== 'signed-in') return;
    if (request.sessionStage === 'totp-enrol' && access.secondFactorSetup !== true) {
      // A national user without an authenticator may do nothing but set one up.
      if (request.routeOptions.config.web === true) return reply.redirect(secondFactorSetupPage, 303);
      throw new WardError('FORBIDDEN', 'Set up an authenticator app first: POST /api/v1/session/totp/enrolment', { secondFactor: 'enrolment-required' });
    }
    if (request.principal === null) throw new WardError('UNAUTHENTICATED', 'Sign in or present a bearer token');
    await enforceDeclaredAccess(request, context, access, request.principal);
    // Web pages take the token from a hidden form field after the body is parsed (src/web/web-route.ts).
    if (request.routeOptions.config.web === true) return;
    if (sessionToken !== null && unsafeMethods.has(request.method) && !sameSecret(request.headers[csrfHeader], csrfTokenFor(sessionToken))) {
      throw new WardError('FORBIDDEN', `Missing or wrong ${csrfHeader} header for a cookie-authenticated change`);
    }
  });
}

/** Sets the request's principal from a bearer token or a session cookie; returns the cookie's secret if one was used. */
async function identify(request: FastifyRequest, context: ServiceContext): Promise<string | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const principal = match?.[1] ? await authenticateToken(context, match[1]) : null;
    if (!principal) throw new WardError('UNAUTHENTICATED', 'The bearer token is not valid');
    request.principal = principal;
    return null;
  }
  const token = request.cookies[sessionCookie];
  if (token === undefined || token === '') return null;
  const session = await resolveSession(context, token);
  if (!session) return null;
  request.sessionStage = session.stage;
  // Half a sign-in (password right, code due) is no identity at all: only the code step reads it.
  if (session.stage === 'totp-pending') return null;
  request.principal = session.principal;
  request.sessionId = session.sessionId;
  request.csrfToken = csrfTokenFor(token);
  return token;
}

export function sameSecret(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
