import { listOrganisationExposure } from '../../services/exposure/list-organisation-exposure.js';
import { defineRoute } from '../route-definition.js';
import { odsCodeParams } from './schemas.js';

export const exposureRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/exposure',
    summary: "An organisation's exposed devices per CVE from its current evidence, with the reason each matched, unsupported systems and unmapped software",
    tags: ['exposure'],
    access: { kind: 'signed-in', action: 'exposure:read', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return listOrganisationExposure(context, actor, params.code);
    },
  }),
];
