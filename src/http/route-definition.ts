import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Action } from '../core/authorization.js';
import type { Actor } from '../core/principal.js';
import type { ServiceContext } from '../services/context.js';
import { rateLimitConfig } from './rate-limit-key.js';

/**
 * How a route is reached. Use cases enforce access themselves; this declaration says what the route
 * needs so that the authorisation test can derive the expected answer for every role, and so that
 * a new route cannot be added without stating its rule.
 */
export type RouteAccess =
  | { kind: 'public' }
  | {
      kind: 'signed-in';
      action: Action;
      organisationParam?: 'code';
      /** Also open to a national user who has no authenticator yet and may only set one up. */
      secondFactorSetup?: true;
    };

export type RouteInput<P, Q, B> = {
  params: P;
  query: Q;
  body: B;
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
  context: ServiceContext;
};

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type WardRoute = {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  access: RouteAccess;
  /** A web page rather than an API route: unauthenticated callers are sent to the sign-in page. */
  web?: boolean;
  register(app: FastifyInstance, context: ServiceContext): void;
};

type None = z.ZodObject<Record<string, never>>;

export function defineRoute<
  P extends z.ZodType = None,
  Q extends z.ZodType = None,
  B extends z.ZodType = None,
>(definition: {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  access: RouteAccess;
  params?: P;
  querystring?: Q;
  body?: B;
  successStatus?: number;
  /** Per-client request budget for routes that attract guessing (sign-in). */
  rateLimit?: { max: number; timeWindow: string };
  handler(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
}): WardRoute {
  const { method, url, summary, tags, access } = definition;
  return {
    method,
    url,
    summary,
    tags,
    access,
    register(app, context) {
      app.withTypeProvider<ZodTypeProvider>().route({
        method,
        url,
        schema: {
          summary,
          tags,
          ...(definition.params ? { params: definition.params } : {}),
          ...(definition.querystring ? { querystring: definition.querystring } : {}),
          ...(definition.body ? { body: definition.body } : {}),
          ...(access.kind === 'signed-in' ? { security: [{ bearer: [] }, { session: [] }] } : {}),
        },
        config: { access, ...(definition.rateLimit ? { rateLimit: rateLimitConfig(definition.rateLimit) } : {}) },
        handler: async (request, reply) => {
          const principal = request.principal ?? { type: 'system' as const, label: 'anonymous' };
          const result = await definition.handler({
            params: request.params as z.output<P>,
            query: request.query as z.output<Q>,
            body: request.body as z.output<B>,
            actor: { principal, sourceIp: request.ip },
            request,
            reply,
            context,
          });
          // A handler that answered itself (a redirect for a browser) has nothing more to send.
          if (reply.sent) return reply;
          reply.header('cache-control', 'no-store');
          if (result === undefined) return reply.status(204).send();
          // A status the handler chose (the health check's 503) stands; otherwise the route's success status.
          return reply.status(reply.statusCode !== 200 ? reply.statusCode : (definition.successStatus ?? 200)).send(result);
        },
      });
    },
  };
}
