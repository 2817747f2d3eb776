import type { Principal } from '../core/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; null when the request carries no valid credentials. */
    principal: Principal | null;
    /** The session behind a cookie-authenticated request. */
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    access?: import('./route-definition.js').RouteAccess;
  }
}

export {};
