import { sql } from 'kysely';
import { defineRoute } from '../route-definition.js';

export const healthRoutes = [
  defineRoute({
    method: 'GET',
    url: '/healthz',
    summary: 'Liveness and database reachability',
    tags: ['system'],
    access: { kind: 'public' },
    async handler({ context, reply }) {
      try {
        await sql`select 1`.execute(context.database.db);
        return { status: 'ok', database: context.database.engine };
      } catch {
        reply.status(503);
        return { status: 'unavailable', database: context.database.engine };
      }
    },
  }),
];
