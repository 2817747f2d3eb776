import type { FastifyRequest } from 'fastify';
import { principalId } from '../core/principal.js';

export type RateLimit = { max: number; timeWindow: string };

/**
 * Who a request's budget is counted against: the signed-in user or API token when there is one,
 * the client address otherwise (sign-in, public links). A whole hospital often reaches Ward from
 * one NAT address, so counting uploads per address would let one busy colleague block the others,
 * while one stolen token could spread its uploads over many addresses.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal;
  const id = principal ? principalId(principal) : null;
  return principal && id ? `${principal.type}:${id}` : `address:${request.ip}`;
}

/** The route config @fastify/rate-limit reads; authentication runs first (an app-level onRequest hook). */
export function rateLimitConfig(limit: RateLimit): RateLimit & { keyGenerator: (request: FastifyRequest) => string } {
  return { ...limit, keyGenerator: rateLimitKey };
}
