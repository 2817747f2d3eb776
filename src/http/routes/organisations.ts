import { z } from 'zod';
import { addOrganisation } from '../../services/organisations/add-organisation.js';
import { getOrganisation } from '../../services/organisations/get-organisation.js';
import { listOrganisations } from '../../services/organisations/list-organisations.js';
import { updateOrganisation } from '../../services/organisations/update-organisation.js';
import { defineRoute } from '../route-definition.js';
import { odsCodeParams, organisationKind } from './schemas.js';

export const organisationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs',
    summary: 'Organisations the caller may see',
    tags: ['organisations'],
    access: { kind: 'signed-in', action: 'org:list' },
    async handler({ context, actor }) {
      return { organisations: await listOrganisations(context, actor) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs',
    summary: 'Add an organisation (national admin)',
    tags: ['organisations'],
    access: { kind: 'signed-in', action: 'org:create' },
    body: z
      .object({
        odsCode: z.string().min(1).max(20),
        name: z.string().min(1).max(200),
        kind: organisationKind.optional(),
        region: z.string().max(100).nullable().optional(),
        parentOdsCode: z.string().max(20).nullable().optional(),
      })
      .strict(),
    successStatus: 201,
    async handler({ context, actor, body }) {
      return addOrganisation(context, actor, body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code',
    summary: 'One organisation',
    tags: ['organisations'],
    access: { kind: 'signed-in', action: 'org:read', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return getOrganisation(context, actor, params.code);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/orgs/:code',
    summary: 'Change an organisation (national admin)',
    tags: ['organisations'],
    access: { kind: 'signed-in', action: 'org:update', organisationParam: 'code' },
    params: odsCodeParams,
    body: z
      .object({ name: z.string().min(1).max(200).optional(), kind: organisationKind.optional(), region: z.string().max(100).nullable().optional() })
      .strict(),
    async handler({ context, actor, params, body }) {
      return updateOrganisation(context, actor, params.code, body);
    },
  }),
];
