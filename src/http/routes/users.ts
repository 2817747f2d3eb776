import { z } from 'zod';
import { addUser } from '../../services/users/add-user.js';
import { listUsers } from '../../services/users/list-users.js';
import { unlockUser } from '../../services/users/unlock-user.js';
import { defineRoute } from '../route-definition.js';
import { email, newPassword, odsCodeParams, role, uuid } from './schemas.js';

const newUser = {
  email,
  displayName: z.string().min(1).max(200),
  password: newPassword,
};

export const userRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/users',
    summary: "An organisation's users",
    tags: ['users'],
    access: { kind: 'signed-in', action: 'user:list', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return { users: await listUsers(context, actor, params.code) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/users',
    summary: 'Add a user to an organisation (its admin or a national admin)',
    tags: ['users'],
    access: { kind: 'signed-in', action: 'user:create', organisationParam: 'code' },
    params: odsCodeParams,
    body: z.object({ ...newUser, role: z.enum(['org-admin', 'org-member']) }).strict(),
    successStatus: 201,
    async handler({ context, actor, params, body }) {
      return addUser(context, actor, { ...body, odsCode: params.code });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/users',
    summary: 'National users and assessors',
    tags: ['users'],
    access: { kind: 'signed-in', action: 'user:list-national' },
    async handler({ context, actor }) {
      return { users: await listUsers(context, actor, null) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/users',
    summary: 'Add a national user or an assessor (national admin)',
    tags: ['users'],
    access: { kind: 'signed-in', action: 'user:create-national' },
    body: z.object({ ...newUser, role, assignedOdsCodes: z.array(z.string().max(20)).max(500).optional() }).strict(),
    successStatus: 201,
    async handler({ context, actor, body }) {
      return addUser(context, actor, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/users/:id/unlock',
    summary: 'Unlock an account locked after failed sign-ins (national admin)',
    tags: ['users'],
    access: { kind: 'signed-in', action: 'user:unlock' },
    params: z.object({ id: uuid }).strict(),
    async handler({ context, actor, params }) {
      await unlockUser(context, actor, params.id);
      return { unlocked: true };
    },
  }),
];
