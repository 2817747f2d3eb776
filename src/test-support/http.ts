import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer, type WardServer } from '../http/build-server.js';
import { csrfTokenFor, csrfHeader, sessionCookie } from '../http/authenticate.js';
import type { ServiceContext } from '../services/context.js';
import { startSession } from '../services/sessions/start-session.js';
import { testPassword } from './factories.js';

export async function buildTestServer(context: ServiceContext, overrides: { bodyLimitBytes?: number; signInPerMinute?: number } = {}): Promise<WardServer> {
  return buildServer(context, { cookieSecure: false, trustProxy: false, bodyLimitBytes: overrides.bodyLimitBytes ?? 1024 * 1024, signInPerMinute: overrides.signInPerMinute ?? 1000, logLevel: 'silent' });
}

/** Headers a browser would send after signing in: the session cookie and the CSRF header. */
export async function sessionHeaders(context: ServiceContext, email: string): Promise<Record<string, string>> {
  const session = await startSession(context, { email, password: testPassword });
  return { cookie: `${sessionCookie}=${session.token}`, [csrfHeader]: csrfTokenFor(session.token) };
}

export async function call(app: FastifyInstance, options: InjectOptions): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }> {
  const response = await app.inject(options);
  let body: unknown = response.body;
  try {
    body = response.json();
  } catch {
    // Not JSON (204 has no body).
  }
  return { status: response.statusCode, body, headers: response.headers };
}

/** The `name=value` of the first cookie a response sets, as a browser would send it back. */
export function cookieFrom(headers: Record<string, unknown>): string {
  const raw = headers['set-cookie'];
  const first = Array.isArray(raw) ? String(raw[0]) : String(raw);
  return first.split(';')[0] ?? '';
}
