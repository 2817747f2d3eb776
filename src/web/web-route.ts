import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { WardError } from '../core/errors.js';
import type { Actor } from '../core/principal.js';
import { csrfHeader, sameSecret } from '../http/authenticate.js';
import type { RouteAccess, WardRoute } from '../http/route-definition.js';
import type { ServiceContext } from '../services/context.js';
import { keptPage } from './kept-page.js';
import { layoutData } from './layout-data.js';
import { renderWebError, webSecurityHeaders } from './web-errors.js';
import { rateLimitConfig } from '../http/rate-limit-key.js';

/** The name of the hidden field that carries the session's CSRF token in every form. */
export const csrfField = '_csrf';

/**
 * What a page handler answers: a template with its data, the same with a body drawn earlier and kept
 * as bytes (the template places `content`; see kept-page.ts), a redirect, or nothing (it sent the
 * reply itself).
 */
export type PageResult = { view: string; data: Record<string, unknown>; status?: number; keptBody?: Buffer } | { redirect: string } | { sent: true };

export type WebInput<P, Q> = {
  params: P;
  query: Q;
  /** Fields of a url-encoded form (absent for GET and multipart forms). */
  form: Record<string, string>;
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
  context: ServiceContext;
  /** For multipart forms: call with the `_csrf` field's value before reading the file. */
  verifyCsrf: (presented: string | undefined) => void;
};

type None = z.ZodObject<Record<string, never>>;

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const formLimitBytes = 64 * 1024;

/**
 * A server-rendered page or form target. It is a `WardRoute` like every API route, so the
 * authorisation matrix covers it, with three differences: callers who are not signed in are sent
 * to the sign-in page, errors render as HTML pages, and a change made with the session cookie must
 * carry the session's CSRF token in the `_csrf` form field (or the `x-ward-csrf` header).
 */
export function defineWebRoute<P extends z.ZodType = None, Q extends z.ZodType = None>(definition: {
  method: 'GET' | 'POST';
  url: string;
  summary: string;
  access: RouteAccess;
  params?: P;
  querystring?: Q;
  form?: 'urlencoded' | 'multipart';
  /** Largest multipart file (uploads). */
  fileLimitBytes?: number;
  rateLimit?: { max: number; timeWindow: string };
  /**
   * A public form whose credential travels in the form itself (a one-time token): another site
   * cannot forge it without the token, so the session's CSRF token is not asked for.
   */
  credentialInForm?: true;
  handler(input: WebInput<z.output<P>, z.output<Q>>): Promise<PageResult>;
}): WardRoute {
  const { method, url, summary, access } = definition;
  return {
    method,
    url,
    summary,
    tags: ['web'],
    access,
    web: true,
    register(app: FastifyInstance, context: ServiceContext) {
      // Each page lives in a child context so that only web forms accept form bodies.
      void app.register(async (child) => {
        if (definition.form === 'urlencoded') {
          child.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: formLimitBytes }, (_request, body, done) => {
            done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
          });
        }
        if (definition.form === 'multipart') {
          await child.register(multipart, { limits: { files: 1, fields: 4, parts: 5, fileSize: definition.fileLimitBytes ?? Number.MAX_SAFE_INTEGER } });
        }
        child.withTypeProvider<ZodTypeProvider>().route({
          method,
          url,
          schema: {
            hide: true,
            ...(definition.params ? { params: definition.params } : {}),
            ...(definition.querystring ? { querystring: definition.querystring } : {}),
          },
          config: { access, web: true, ...(definition.rateLimit ? { rateLimit: rateLimitConfig(definition.rateLimit) } : {}) },
          errorHandler: (error, request, reply) => {
            renderWebError(error, request, reply).catch((failure: unknown) => {
              request.log.error({ err: failure }, 'the error page failed');
              void reply.status(500).type('text/plain; charset=utf-8').send('Something went wrong on our side; it has been logged');
            });
          },
          onSend: webSecurityHeaders,
          handler: async (request, reply) => {
            const principal = request.principal ?? { type: 'system' as const, label: 'anonymous' };
            const unsafe = unsafeMethods.has(request.method);
            checkOrigin(request, unsafe);
            const form = isForm(request.body) ? request.body : {};
            // Only a cookie-authenticated change needs the token; a bearer token cannot be sent by another site.
            let csrfVerified = !unsafe || request.csrfToken === null || definition.credentialInForm === true || sameSecret(request.headers[csrfHeader], request.csrfToken);
            const verifyCsrf = (presented: string | undefined) => {
              if (csrfVerified) return;
              if (request.csrfToken !== null && sameSecret(presented, request.csrfToken)) csrfVerified = true;
              else throw new WardError('FORBIDDEN', 'This form has expired or did not come from Ward: go back, reload the page and try again');
            };
            if (definition.form !== 'multipart') verifyCsrf(form[csrfField]);
            const result = await definition.handler({
              params: request.params as z.output<P>,
              query: request.query as z.output<Q>,
              form,
              actor: { principal, sourceIp: request.ip },
              request,
              reply,
              context,
              verifyCsrf,
            });
            if (!csrfVerified) throw new WardError('FORBIDDEN', 'The form carried no CSRF token');
            if ('sent' in result) return reply;
            reply.header('cache-control', 'no-store');
            // 303: after a form post the browser follows with a GET, so reloading never re-posts.
            if ('redirect' in result) return reply.redirect(result.redirect, 303);
            if (result.keptBody) return reply.status(result.status ?? 200).type('text/html; charset=utf-8').send(await keptPage(reply.server, result.view, { ...(await layoutData(request)), ...result.data }, result.keptBody));
            return reply.status(result.status ?? 200).view(result.view, { ...(await layoutData(request)), ...result.data });
          },
        });
      });
    },
  };
}

function isForm(body: unknown): body is Record<string, string> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** A form posted from another site is refused even before its token is looked at. */
function checkOrigin(request: FastifyRequest, unsafe: boolean): void {
  if (!unsafe) return;
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') {
    if (request.headers['sec-fetch-site'] === 'cross-site') throw new WardError('FORBIDDEN', 'Cross-site form posts are refused');
    return;
  }
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new WardError('FORBIDDEN', 'Cross-site form posts are refused');
  }
  if (host !== request.host) throw new WardError('FORBIDDEN', 'Cross-site form posts are refused');
}
