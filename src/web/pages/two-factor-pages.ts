import { z } from 'zod';
import { authorize } from '../../core/authorization.js';
import { isWardError } from '../../core/errors.js';
import { secondFactorSetupPage, sessionCookie, setSessionCookie } from '../../http/authenticate.js';
import type { WardRoute } from '../../http/route-definition.js';
import type { Principal } from '../../core/principal.js';
import { beginTotpEnrolment } from '../../services/second-factor/begin-totp-enrolment.js';
import { confirmTotpEnrolment } from '../../services/second-factor/confirm-totp-enrolment.js';
import { totpStatus } from '../../services/second-factor/reset-totp.js';
import { completeTotpSignIn } from '../../services/sessions/complete-totp-sign-in.js';
import { secondFactorRequired } from '../../services/sessions/start-session.js';
import type { ServiceContext } from '../../services/context.js';
import { defineWebRoute } from '../web-route.js';
import { homeFor } from './home-path.js';
import { safeNext } from './session-pages.js';

const nextQuery = z.object({ next: z.string().max(2000).optional() }).strict();
const setupAccess = { kind: 'signed-in', action: 'account:manage', secondFactorSetup: true } as const;
const wrongCode = (text: string) => ({ fieldErrors: { code: text }, errors: [{ href: '#code', text }] });

async function accountData(context: ServiceContext, principal: Principal, extra: Record<string, unknown> = {}) {
  authorize(principal, 'account:manage');
  const userId = principal.type === 'user' ? principal.userId : '';
  return {
    status: await totpStatus(context, userId),
    required: principal.type === 'user' && secondFactorRequired(context, principal.role),
    errors: [],
    fieldErrors: {},
    ...extra,
  };
}

/** The second sign-in step and the page where a person sets up their authenticator app. */
export function twoFactorPages(options: { cookieSecure: boolean; signInPerMinute: number }): WardRoute[] {
  return [
    defineWebRoute({
      method: 'GET',
      url: '/sign-in/totp',
      summary: 'Second sign-in step: the code of the authenticator app',
      access: { kind: 'public' },
      querystring: nextQuery,
      handler({ query, request }) {
        return Promise.resolve({ view: 'sign-in-totp.njk', data: { next: safeNext(query.next), pending: request.sessionStage === 'totp-pending', errors: [], fieldErrors: {} } });
      },
    }),
    defineWebRoute({
      method: 'POST',
      url: '/sign-in/totp',
      summary: 'Check the authenticator code; replaces the half session with a full one',
      access: { kind: 'public' },
      querystring: nextQuery,
      form: 'urlencoded',
      rateLimit: { max: options.signInPerMinute, timeWindow: '1 minute' },
      async handler({ query, form, request, reply, context }) {
        const next = safeNext(query.next);
        const token = request.cookies[sessionCookie];
        const pending = request.sessionStage === 'totp-pending' && token !== undefined;
        const code = (form.code ?? '').replace(/\s+/g, '');
        if (!pending) return { view: 'sign-in-totp.njk', status: 400, data: { next, pending: false, errors: [], fieldErrors: {} } };
        if (!/^\d{6}$/.test(code)) return { view: 'sign-in-totp.njk', status: 400, data: { next, pending, ...wrongCode('Enter the 6 digits your app shows') } };
        try {
          const session = await completeTotpSignIn(context, { token, code, sourceIp: request.ip });
          setSessionCookie(reply, session, options.cookieSecure);
          return { redirect: next ?? (await homeFor(context, session.principal)) };
        } catch (error) {
          if (isWardError(error) && error.code === 'ACCOUNT_LOCKED') return { view: 'sign-in-totp.njk', status: 423, data: { next, pending: false, locked: error.message, errors: [], fieldErrors: {} } };
          if (isWardError(error) && error.code === 'INVALID_INPUT') {
            const expired = error.details.fields?.session !== undefined;
            return { view: 'sign-in-totp.njk', status: 400, data: { next, pending: !expired, ...(expired ? { errors: [], fieldErrors: {} } : wrongCode('The code is not right or was already used: type the code your app shows now')) } };
          }
          throw error;
        }
      },
    }),
    defineWebRoute({
      method: 'GET',
      url: secondFactorSetupPage,
      summary: 'The account holder’s authenticator app: whether it is set up, and setting it up',
      access: setupAccess,
      async handler({ actor, context }) {
        return { view: 'two-factor.njk', data: await accountData(context, actor.principal) };
      },
    }),
    defineWebRoute({
      method: 'POST',
      url: secondFactorSetupPage,
      summary: 'Start setting up an authenticator app: shows its key once',
      access: setupAccess,
      form: 'urlencoded',
      async handler({ actor, context }) {
        const userId = actor.principal.type === 'user' ? actor.principal.userId : '';
        const enrolment = await beginTotpEnrolment(context, actor, userId);
        return { view: 'two-factor.njk', data: await accountData(context, actor.principal, { enrolment }) };
      },
    }),
    defineWebRoute({
      method: 'POST',
      url: `${secondFactorSetupPage}/confirm`,
      summary: 'Confirm the authenticator app with a code from it',
      access: setupAccess,
      form: 'urlencoded',
      async handler({ actor, form, request, reply, context }) {
        const userId = actor.principal.type === 'user' ? actor.principal.userId : '';
        const code = (form.code ?? '').replace(/\s+/g, '');
        try {
          const result = await confirmTotpEnrolment(context, actor, { userId, code, sessionId: request.sessionId });
          if (result.session) setSessionCookie(reply, result.session, options.cookieSecure);
          return { redirect: await homeFor(context, actor.principal) };
        } catch (error) {
          if (isWardError(error) && error.code === 'INVALID_INPUT') {
            return { view: 'two-factor.njk', status: 400, data: await accountData(context, actor.principal, wrongCode('The code is not right: type the code your app shows now')) };
          }
          throw error;
        }
      },
    }),
  ];
}
