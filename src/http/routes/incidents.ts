import { z } from 'zod';
import { incidentTypes } from '../../services/incidents/incident-view.js';
import { incidentTotals, listIncidents } from '../../services/incidents/list-incidents.js';
import { reportIncident } from '../../services/incidents/report-incident.js';
import { defineRoute } from '../route-definition.js';
import { odsCodeParams } from './schemas.js';

const amount = z.number().int().min(0).max(2_000_000_000);

/** Incident reports: each organisation's under /orgs/{code}/incidents, the national register under /incidents. */
export const incidentRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/incidents',
    summary: 'Report an incident and its impact (appointments and operations cancelled, estimated cost in whole pounds)',
    tags: ['incidents'],
    access: { kind: 'signed-in', action: 'incident:report', organisationParam: 'code' },
    params: odsCodeParams,
    body: z
      .object({
        type: z.enum(incidentTypes),
        summary: z.string().min(1).max(5000),
        startedAt: z.string().min(10).max(40),
        endedAt: z.string().min(10).max(40).optional(),
        systemsAffected: z.array(z.string().max(200)).max(200).optional(),
        servicesAffected: z.array(z.string().max(200)).max(200).optional(),
        appointmentsCancelled: amount.optional(),
        operationsCancelled: amount.optional(),
        estimatedCostPounds: amount.optional(),
        nationalSupportRequested: z.boolean().optional(),
        alertReference: z.string().min(3).max(40).optional(),
      })
      .strict(),
    successStatus: 201,
    async handler({ context, actor, params, body }) {
      return reportIncident(context, actor, { ...body, odsCode: params.code });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/incidents',
    summary: "An organisation's incidents, newest first",
    tags: ['incidents'],
    access: { kind: 'signed-in', action: 'incident:read', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return { incidents: await listIncidents(context, actor, params.code) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents',
    summary: 'The national incident register (national roles)',
    tags: ['incidents'],
    access: { kind: 'signed-in', action: 'incident:read-national' },
    async handler({ context, actor }) {
      return { incidents: await listIncidents(context, actor, null) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/totals',
    summary: 'National impact: totals, per month and per type (appointments, operations, cost, incidents)',
    tags: ['incidents'],
    access: { kind: 'signed-in', action: 'incident:read-national' },
    async handler({ context, actor }) {
      return incidentTotals(context, actor);
    },
  }),
];
