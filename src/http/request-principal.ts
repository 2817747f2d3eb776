import type { Principal } from '../core/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; null when the request carries no valid credentials. */
    principal: Principal | null;
    /** The session behind a cookie-authenticated request. */
    sessionId: string | null;
    /** The CSRF token of the session cookie the request carried (null without one): forms echo it. */
    csrfToken: string | null;
    /** The stage of the session cookie's session (null without one): see services/sessions/create-session.ts. */
    sessionStage: import('../services/sessions/create-session.js').SessionStage | null;
  }
  interface FastifyContextConfig {
    access?: import('./route-definition.js').RouteAccess;
    /** A web page (HTML): it checks CSRF itself, accepting the token as a form field too. */
    web?: boolean;
  }
}

export {};
