import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isWardError } from '../core/errors.js';
import { httpStatusByCode } from '../http/error-statuses.js';
import { layoutData } from './layout-data.js';

/**
 * Pages may load styles, scripts, images and fonts from Ward itself and nothing else: no inline
 * script, no inline style (charts are rendered to SVG without style attributes), no framing.
 */
export const webContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export function webSecurityHeaders(_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  reply.header('content-security-policy', webContentSecurityPolicy);
  done(null, payload);
}

const titles: Record<number, string> = {
  400: 'There is a problem with the request',
  403: 'You do not have access to this page',
  404: 'Page not found',
  413: 'The file is too large',
  415: 'Ward does not recognise this file',
  422: 'The file could not be read',
  423: 'Account locked',
  429: 'Too many requests',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

/** Errors of web pages: a sign-in redirect for anonymous callers, otherwise an NHS-styled error page. */
export async function renderWebError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  let status = 500;
  let message = 'Try again later. If the problem continues, contact your Ward administrator.';
  if (isWardError(error)) {
    status = httpStatusByCode[error.code];
    if (status < 500) message = error.message;
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    status = 400;
    message = 'A value in the address is not valid. Check the link and try again.';
  } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
    status = error.statusCode;
    message = error.message;
  }
  if (status === 401) {
    const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
    return reply.header('cache-control', 'no-store').redirect(`/sign-in${next}`, 303);
  }
  if (status >= 500) request.log.error({ err: error }, 'web page failed');
  if (status >= 500 && process.env.WARD_DEBUG_WEB) console.error(error);
  if (status === 403) message = 'Your account cannot open this page. If you think it should, contact your Ward administrator.' + (isWardError(error) && error.code === 'FORBIDDEN' && /form/.test(error.message) ? ` ${error.message}.` : '');
  if (status === 404) message = 'If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.';
  return renderErrorPage(request, reply, status, message);
}

export async function renderErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, message: string): Promise<FastifyReply> {
  reply.header('cache-control', 'no-store').header('content-security-policy', webContentSecurityPolicy);
  return reply.status(status).view('error.njk', { ...(await layoutData(request)), status, title: titles[status] ?? 'There is a problem', message });
}

/** Browsers asking for an address that does not exist get a page; API clients keep the JSON error. */
export function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
}
