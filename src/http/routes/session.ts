import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import { startSession } from '../../services/sessions/start-session.js';
import { endSession } from '../../services/sessions/end-session.js';
import { completeTotpSignIn } from '../../services/sessions/complete-totp-sign-in.js';
import { beginTotpEnrolment } from '../../services/second-factor/begin-totp-enrolment.js';
import { confirmTotpEnrolment } from '../../services/second-factor/confirm-totp-enrolment.js';
import { resetTotp } from '../../services/second-factor/reset-totp.js';
import type { Principal } from '../../core/principal.js';
import { csrfTokenFor, sessionCookie, setSessionCookie } from '../authenticate.js';
import { defineRoute } from '../route-definition.js';
import { email, uuid } from './schemas.js';

const totpCode = z.object({ code: z.string().min(6).max(10) }).strict();

function ownUserId(principal: Principal): string {
  if (principal.type !== 'user') throw new WardError('FORBIDDEN', 'Only a signed-in person has an authenticator');
  return principal.userId;
}

export const sessionRoutes = (options: { cookieSecure: boolean; signInPerMinute: number }) => [
  defineRoute({
    method: 'POST',
    url: '/api/v1/session',
    summary: 'Sign in with e-mail and password; sets the session cookie (then POST /api/v1/session/totp when secondFactor is "totp")',
    tags: ['session'],
    access: { kind: 'public' },
    rateLimit: { max: options.signInPerMinute, timeWindow: '1 minute' },
    body: z.object({ email, password: z.string().min(1).max(1024) }).strict(),
    async handler({ body, context, request, reply }) {
      const session = await startSession(context, { ...body, sourceIp: request.ip });
      setSessionCookie(reply, session, options.cookieSecure);
      // Half signed in: nothing about the account is told until the code is given.
      if (session.stage === 'totp-pending') return { secondFactor: 'totp', expiresAt: session.expiresAt };
      return {
        principal: session.principal,
        expiresAt: session.expiresAt,
        csrfToken: csrfTokenFor(session.token),
        ...(session.stage === 'totp-enrol' ? { secondFactor: 'enrolment-required' } : {}),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/session/totp',
    summary: 'Second sign-in step: the code of the authenticator app; replaces the session cookie with a full session',
    tags: ['session'],
    access: { kind: 'public' },
    rateLimit: { max: options.signInPerMinute, timeWindow: '1 minute' },
    body: totpCode,
    async handler({ body, context, request, reply }) {
      const token = request.cookies[sessionCookie];
      if (!token) throw new WardError('INVALID_INPUT', 'Sign in with your password first', { fields: { session: 'missing' } });
      const session = await completeTotpSignIn(context, { token, code: body.code, sourceIp: request.ip });
      setSessionCookie(reply, session, options.cookieSecure);
      return { principal: session.principal, expiresAt: session.expiresAt, csrfToken: csrfTokenFor(session.token) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/session/totp/enrolment',
    summary: 'Start setting up an authenticator app: its secret, shown once, as an otpauth:// URI',
    tags: ['session'],
    access: { kind: 'signed-in', action: 'account:manage', secondFactorSetup: true },
    successStatus: 201,
    async handler({ actor, context }) {
      return beginTotpEnrolment(context, actor, ownUserId(actor.principal));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/session/totp/enrolment/confirm',
    summary: 'Confirm the authenticator with a code from it; a set-up-only session becomes a full one',
    tags: ['session'],
    access: { kind: 'signed-in', action: 'account:manage', secondFactorSetup: true },
    body: totpCode,
    async handler({ actor, body, context, request, reply }) {
      const result = await confirmTotpEnrolment(context, actor, { userId: ownUserId(actor.principal), code: body.code, sessionId: request.sessionId });
      if (!result.session) return { enabled: true };
      setSessionCookie(reply, result.session, options.cookieSecure);
      return { enabled: true, expiresAt: result.session.expiresAt, csrfToken: csrfTokenFor(result.session.token) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/users/:id/totp',
    summary: "Remove a user's authenticator (a lost phone) and end their sessions (national admin)",
    tags: ['users'],
    access: { kind: 'signed-in', action: 'user:reset-second-factor' },
    params: z.object({ id: uuid }).strict(),
    async handler({ context, actor, params }) {
      await resetTotp(context, actor, params.id);
      return { reset: true };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/session',
    summary: 'Who the caller is',
    tags: ['session'],
    access: { kind: 'signed-in', action: 'session:read', secondFactorSetup: true },
    handler({ actor, request }) {
      const cookie = request.cookies[sessionCookie];
      return Promise.resolve({
        principal: actor.principal,
        ...(request.sessionId && cookie ? { csrfToken: csrfTokenFor(cookie) } : {}),
        ...(request.sessionStage === 'totp-enrol' ? { secondFactor: 'enrolment-required' } : {}),
      });
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/session',
    summary: 'Sign out this session, or every session of the user with ?everywhere=true',
    tags: ['session'],
    access: { kind: 'signed-in', action: 'session:read', secondFactorSetup: true },
    querystring: z.object({ everywhere: z.enum(['true', 'false']).optional() }).strict(),
    async handler({ actor, query, context, request, reply }) {
      const ended = request.sessionId || query.everywhere === 'true' ? await endSession(context, actor, request.sessionId ?? '', query.everywhere === 'true') : 0;
      reply.clearCookie(sessionCookie, { path: '/' });
      return { ended };
    },
  }),
];
