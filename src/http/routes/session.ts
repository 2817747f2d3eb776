import { z } from 'zod';
import { startSession } from '../../services/sessions/start-session.js';
import { endSession } from '../../services/sessions/end-session.js';
import { csrfTokenFor, sessionCookie } from '../authenticate.js';
import { defineRoute } from '../route-definition.js';
import { email } from './schemas.js';

export const sessionRoutes = (options: { cookieSecure: boolean; signInPerMinute: number }) => [
  defineRoute({
    method: 'POST',
    url: '/api/v1/session',
    summary: 'Sign in with e-mail and password; sets the session cookie',
    tags: ['session'],
    access: { kind: 'public' },
    rateLimit: { max: options.signInPerMinute, timeWindow: '1 minute' },
    body: z.object({ email, password: z.string().min(1).max(1024) }).strict(),
    async handler({ body, context, request, reply }) {
      const session = await startSession(context, { ...body, sourceIp: request.ip });
      reply.setCookie(sessionCookie, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.cookieSecure,
        path: '/',
        expires: new Date(session.expiresAt),
      });
      return { principal: session.principal, expiresAt: session.expiresAt, csrfToken: csrfTokenFor(session.token) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/session',
    summary: 'Who the caller is',
    tags: ['session'],
    access: { kind: 'signed-in', action: 'session:read' },
    handler({ actor, request }) {
      const cookie = request.cookies[sessionCookie];
      return Promise.resolve({ principal: actor.principal, ...(request.sessionId && cookie ? { csrfToken: csrfTokenFor(cookie) } : {}) });
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/session',
    summary: 'Sign out this session, or every session of the user with ?everywhere=true',
    tags: ['session'],
    access: { kind: 'signed-in', action: 'session:read' },
    querystring: z.object({ everywhere: z.enum(['true', 'false']).optional() }).strict(),
    async handler({ actor, query, context, request, reply }) {
      const ended = request.sessionId || query.everywhere === 'true' ? await endSession(context, actor, request.sessionId ?? '', query.everywhere === 'true') : 0;
      reply.clearCookie(sessionCookie, { path: '/' });
      return { ended };
    },
  }),
];
