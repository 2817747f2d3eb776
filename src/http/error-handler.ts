import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isWardError, type ErrorCode } from '../core/errors.js';
import { httpStatusByCode } from './error-statuses.js';
import { databaseUnreachable } from '../storage/database-errors.js';

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

/** Fastify's own failures (body too large, bad JSON, …) mapped onto Ward codes by their status. */
const codeByFrameworkStatus: Record<number, ErrorCode> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'INVALID_INPUT',
  429: 'RATE_LIMITED',
};

export function sendError(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.status(status).header('cache-control', 'no-store').send(body);
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isWardError(error)) {
    const { location, fields, ...rest } = error.details;
    const details: Record<string, unknown> = { ...rest };
    if (location) details.location = location;
    if (fields) details.fields = fields;
    const status = httpStatusByCode[error.code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(reply, status, { error: { code: error.code, message: error.message, ...(Object.keys(details).length ? { details } : {}) } });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields: Record<string, string> = {};
    for (const issue of error.validation) {
      const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      fields[`${error.validationContext ?? 'body'}${path ? `.${path}` : ''}`] = issue.message ?? 'invalid';
    }
    return sendError(reply, 400, { error: { code: 'INVALID_INPUT', message: 'The request is not valid: ' + Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; '), details: { fields } } });
  }
  const lost = databaseUnreachable(error);
  if (lost) return handleError(lost, request, reply);
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  const code = codeByFrameworkStatus[status];
  if (status < 500 && code) {
    return sendError(reply, status, { error: { code, message: error.message } });
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendError(reply, 500, { error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged' } });
}
