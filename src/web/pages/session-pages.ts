import { z } from 'zod';
import { isWardError } from '../../core/errors.js';
import { secondFactorSetupPage, sessionCookie, setSessionCookie } from '../../http/authenticate.js';
import type { WardRoute } from '../../http/route-definition.js';
import type { ServiceContext } from '../../services/context.js';
import type { OidcSettings } from '../../services/oidc/oidc-settings.js';
import { endSession } from '../../services/sessions/end-session.js';
import { startSession } from '../../services/sessions/start-session.js';
import { defineWebRoute } from '../web-route.js';
import { homeFor } from './home-path.js';

const nextQuery = z.object({ next: z.string().max(2000).optional(), signedOut: z.literal('1').optional() }).strict();

/** Only a path on this site: `//evil.example` and `/\evil.example` would leave it. */
export function safeNext(next: string | undefined): string | null {
  if (next === undefined || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next;
}

export function sessionPages(options: { cookieSecure: boolean; signInPerMinute: number; oidc: OidcSettings | null }): WardRoute[] {
  const signInData = (context: ServiceContext, extra: Record<string, unknown>) => ({
    errors: [],
    fieldErrors: {},
    lockoutThreshold: context.security.lockoutThreshold,
    lockoutMinutes: context.security.lockoutMinutes,
    oidcLabel: options.oidc?.label ?? null,
    ...extra,
  });
  return [
    defineWebRoute({
      method: 'GET',
      url: '/sign-in',
      summary: 'Sign-in page',
      access: { kind: 'public' },
      querystring: nextQuery,
      async handler({ query, request, context }) {
        const next = safeNext(query.next);
        if (request.principal?.type === 'user') return { redirect: next ?? (await homeFor(context, request.principal)) };
        return { view: 'sign-in.njk', data: signInData(context, { next, signedOut: query.signedOut === '1' }) };
      },
    }),
    defineWebRoute({
      method: 'POST',
      url: '/sign-in',
      summary: 'Sign in with the form; sets the session cookie',
      access: { kind: 'public' },
      querystring: nextQuery,
      form: 'urlencoded',
      rateLimit: { max: options.signInPerMinute, timeWindow: '1 minute' },
      async handler({ query, form, request, reply, context }) {
        const next = safeNext(query.next);
        const email = (form.email ?? '').trim();
        const password = form.password ?? '';
        const fieldErrors: Record<string, string> = {};
        if (email === '') fieldErrors.email = 'Enter your e-mail address';
        if (password === '') fieldErrors.password = 'Enter your password';
        const formErrors = (errors: Record<string, string>) => Object.entries(errors).map(([field, text]) => ({ href: `#${field}`, text }));
        if (Object.keys(fieldErrors).length > 0) {
          return { view: 'sign-in.njk', status: 400, data: signInData(context, { next, email, fieldErrors, errors: formErrors(fieldErrors) }) };
        }
        try {
          const session = await startSession(context, { email, password, sourceIp: request.ip });
          setSessionCookie(reply, session, options.cookieSecure);
          if (session.stage === 'totp-pending') return { redirect: `/sign-in/totp${next ? `?next=${encodeURIComponent(next)}` : ''}` };
          if (session.stage === 'totp-enrol') return { redirect: secondFactorSetupPage };
          return { redirect: next ?? (await homeFor(context, session.principal)) };
        } catch (error) {
          if (isWardError(error) && error.code === 'ACCOUNT_LOCKED') {
            return { view: 'sign-in.njk', status: 423, data: signInData(context, { next, email, locked: error.message }) };
          }
          if (isWardError(error) && error.code === 'UNAUTHENTICATED') {
            const errors = { email: 'The e-mail address or password is not right' };
            return { view: 'sign-in.njk', status: 401, data: signInData(context, { next, email, fieldErrors: errors, errors: formErrors(errors) }) };
          }
          throw error;
        }
      },
    }),
    defineWebRoute({
      method: 'POST',
      url: '/sign-out',
      summary: 'Sign out this session, or every session of the user (form field everywhere=1)',
      access: { kind: 'signed-in', action: 'session:read', secondFactorSetup: true },
      form: 'urlencoded',
      async handler({ actor, form, request, reply, context }) {
        // "Sign out everywhere" ends every session of the user (a lost laptop, a shared computer).
        if (request.sessionId || form.everywhere === '1') await endSession(context, actor, request.sessionId ?? '', form.everywhere === '1');
        reply.clearCookie(sessionCookie, { path: '/' });
        return { redirect: '/sign-in?signedOut=1' };
      },
    }),
    defineWebRoute({
      method: 'GET',
      url: '/',
      summary: 'Home: the national dashboard for national roles, the own organisation otherwise',
      access: { kind: 'signed-in', action: 'session:read' },
      async handler({ actor, context }) {
        return { redirect: await homeFor(context, actor.principal) };
      },
    }),
  ];
}

