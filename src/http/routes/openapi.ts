import { defineRoute } from '../route-definition.js';

export const openApiRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/openapi.json',
    summary: 'This OpenAPI document',
    tags: ['system'],
    access: { kind: 'public' },
    handler({ request }) {
      return Promise.resolve(request.server.swagger());
    },
  }),
];
