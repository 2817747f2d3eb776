import { z } from 'zod';
import { issueAlert } from '../../services/alerts/issue-alert.js';
import { alertBoard, listAlerts, listOrganisationAlerts, organisationAlertStatus } from '../../services/alerts/read-alerts.js';
import { acknowledgeAlert, approveAlertException, rejectAlertException, requestAlertException } from '../../services/alerts/respond-to-alert.js';
import { defineRoute } from '../route-definition.js';
import { odsCodeParams } from './schemas.js';

const reference = z.string().min(3).max(40);
const referenceParams = z.object({ reference }).strict();
const organisationAlertParams = z.object({ code: odsCodeParams.shape.code, reference }).strict();

/** Critical alerts: the national board under /alerts, each organisation's own answer under /orgs/{code}/alerts. */
export const alertRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/alerts',
    summary: 'Every alert with its national counts (national roles)',
    tags: ['alerts'],
    access: { kind: 'signed-in', action: 'alert:read-national' },
    async handler({ context, actor }) {
      return { alerts: await listAlerts(context, actor) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/alerts',
    summary: 'Issue a critical alert; exposure is computed for every target organisation',
    tags: ['alerts'],
    access: { kind: 'signed-in', action: 'alert:issue' },
    body: z
      .object({
        reference: reference.optional(),
        title: z.string().min(1).max(300),
        severity: z.string().min(1).max(20),
        description: z.string().max(100_000).optional(),
        guidance: z.string().max(100_000).optional(),
        conditions: z.record(z.string(), z.unknown()),
        target: z.record(z.string(), z.unknown()).optional(),
        ackHours: z.number().positive().optional(),
        remediationDays: z.number().positive().optional(),
        escalationHours: z.number().positive().optional(),
      })
      .strict(),
    successStatus: 201,
    async handler({ context, actor, body }) {
      return issueAlert(context, actor, {
        title: body.title,
        severity: body.severity,
        conditions: body.conditions,
        ...(body.reference !== undefined ? { reference: body.reference } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.guidance !== undefined ? { guidance: body.guidance } : {}),
        ...(body.target !== undefined ? { target: body.target } : {}),
        ...(body.ackHours !== undefined ? { ackHours: body.ackHours } : {}),
        ...(body.remediationDays !== undefined ? { remediationDays: body.remediationDays } : {}),
        ...(body.escalationHours !== undefined ? { escalationHours: body.escalationHours } : {}),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/alerts/:reference',
    summary: "One alert's national board: every organisation's state, % acknowledged / remediated in time, burn-down",
    tags: ['alerts'],
    access: { kind: 'signed-in', action: 'alert:read-national' },
    params: referenceParams,
    async handler({ context, actor, params }) {
      return alertBoard(context, actor, params.reference);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/alerts',
    summary: 'The alerts an organisation must answer, with its own state',
    tags: ['alerts'],
    access: { kind: 'signed-in', action: 'alert:read', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return { alerts: await listOrganisationAlerts(context, actor, params.code) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/alerts/:reference',
    summary: "An organisation's state for one alert and its affected assets",
    tags: ['alerts'],
    access: { kind: 'signed-in', action: 'alert:read', organisationParam: 'code' },
    params: organisationAlertParams,
    async handler({ context, actor, params }) {
      return organisationAlertStatus(context, actor, params.reference, params.code);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/alerts/:reference/acknowledge',
    summary: 'Acknowledge an alert (within 48 hours); repeating it changes nothing',
    tags: ['alerts'],
    access: { kind: 'signed-in', action: 'alert:acknowledge', organisationParam: 'code' },
    params: organisationAlertParams,
    async handler({ context, actor, params }) {
      return acknowledgeAlert(context, actor, params.reference, params.code);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/alerts/:reference/exception',
    summary: 'Request an exception: justification, compensating controls and expiry',
    tags: ['alerts'],
    access: { kind: 'signed-in', action: 'alert:request-exception', organisationParam: 'code' },
    params: organisationAlertParams,
    body: z.object({ justification: z.string().min(1).max(10_000), compensatingControls: z.string().min(1).max(10_000), expiresAt: z.string().min(10).max(40) }).strict(),
    successStatus: 201,
    async handler({ context, actor, params, body }) {
      return requestAlertException(context, actor, params.reference, params.code, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/alerts/:reference/exception/approve',
    summary: "Approve an organisation's requested exception (national admins)",
    tags: ['alerts'],
    access: { kind: 'signed-in', action: 'alert:approve-exception' },
    params: organisationAlertParams,
    async handler({ context, actor, params }) {
      return approveAlertException(context, actor, params.reference, params.code);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/alerts/:reference/exception/reject',
    summary: "Refuse an organisation's requested exception, with an optional reason told to it (national admins)",
    tags: ['alerts'],
    access: { kind: 'signed-in', action: 'alert:approve-exception' },
    params: organisationAlertParams,
    body: z.object({ reason: z.string().max(2000).optional() }).strict().nullish(),
    async handler({ context, actor, params, body }) {
      return rejectAlertException(context, actor, params.reference, params.code, body?.reason !== undefined ? { reason: body.reason } : {});
    },
  }),
];
