import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { WardError } from '../core/errors.js';
import type { ServiceContext } from '../services/context.js';
import { registerAuthentication, sessionCookie } from './authenticate.js';
import { handleError, sendError } from './error-handler.js';
import { allRoutes } from './routes/index.js';
import { defaultUploadsPerMinute } from './routes/imports.js';
import { registerWebAssets } from '../web/web-assets.js';
import { renderErrorPage, wantsHtml } from '../web/web-errors.js';
import { webRoutes } from '../web/web-routes.js';
import type { WardRoute } from './route-definition.js';
import type { OidcSettings } from '../services/oidc/oidc-settings.js';

export type ServerOptions = {
  cookieSecure: boolean;
  trustProxy: boolean;
  bodyLimitBytes: number;
  /** Evidence uploads, streamed to disk: far above the JSON body limit. */
  uploadLimitBytes?: number;
  signInPerMinute: number;
  /** Evidence uploads (API and web form) per client per minute; default 30. */
  uploadsPerMinute?: number;
  logLevel: string;
  /** Compile each template once (default); off while editing templates. */
  cacheTemplates?: boolean;
  /** OpenID Connect sign-in; absent or null: password sign-in only. */
  oidc?: OidcSettings | null;
};

export type WardServer = { app: FastifyInstance; routes: WardRoute[] };

export async function buildServer(context: ServiceContext, options: ServerOptions): Promise<WardServer> {
  const app = Fastify({
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    // Route params are ODS codes and ids; anything longer is hostile.
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    wantsHtml(request)
      ? renderErrorPage(request, reply, 404, 'If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.')
      : sendError(reply, 404, { error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}` } }));

  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    strictTransportSecurity: options.cookieSecure,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new WardError('RATE_LIMITED', `Too many requests; try again in ${context.after}`),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Ward API', version: '1', description: 'Cyber-security assurance for healthcare organisations' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token: ward_<id>.<secret>' },
          session: { type: 'apiKey', in: 'cookie', name: sessionCookie },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  registerAuthentication(app, context);
  // The web UI: NHS design system templates and assets served from the installed packages.
  await registerWebAssets(app, { cacheTemplates: options.cacheTemplates ?? true });

  const routeOptions = { cookieSecure: options.cookieSecure, signInPerMinute: options.signInPerMinute, uploadsPerMinute: options.uploadsPerMinute ?? defaultUploadsPerMinute, oidc: options.oidc ?? null, ...(options.uploadLimitBytes !== undefined ? { uploadLimitBytes: options.uploadLimitBytes } : {}) };
  const routes = [...allRoutes(routeOptions), ...webRoutes(routeOptions)];
  for (const route of routes) route.register(app, context);
  await app.ready();
  return { app, routes };
}
