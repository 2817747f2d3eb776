import { z } from 'zod';
import { can } from '../../core/authorization.js';
import { isWardError } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import type { WardRoute } from '../../http/route-definition.js';
import { odsCodeParams } from '../../http/routes/schemas.js';
import { organisationAlertStatus } from '../../services/alerts/read-alerts.js';
import { acknowledgeAlert, requestAlertException } from '../../services/alerts/respond-to-alert.js';
import type { ServiceContext } from '../../services/context.js';
import { findOrganisation } from '../../services/organisations/find-organisation.js';
import { formatDateTime, formatNumber } from '../format.js';
import { alertStateLabels } from '../view-models/organisation-panels.js';
import { csrfField, defineWebRoute, type PageResult } from '../web-route.js';

const params = z.object({ code: odsCodeParams.shape.code, reference: z.string().min(3).max(40) }).strict();
type ExceptionForm = { justification: string; compensatingControls: string; expiresAt: string };

/** One alert as one organisation answers it: its state, its affected devices, and the forms its admins may use. */
async function organisationAlertPage(context: ServiceContext, actor: Actor, code: string, reference: string, extra: { acknowledged?: boolean; requested?: boolean; errors?: Record<string, string>; form?: ExceptionForm; status?: number } = {}): Promise<PageResult> {
  const status = await organisationAlertStatus(context, actor, reference, code);
  const organisation = await findOrganisation(context, code);
  const state = alertStateLabels[status.organisation.state] ?? { text: status.organisation.state, classes: 'nhsuk-tag--grey' };
  const open = status.organisation.status === 'issued' || status.organisation.status === 'acknowledged';
  return {
    view: 'organisation-alert.njk',
    status: extra.status ?? 200,
    data: {
      organisation: { odsCode: organisation.odsCode, name: organisation.name },
      alert: { ...status.alert, issuedAt: formatDateTime(status.alert.issuedAt), ackDeadline: formatDateTime(status.alert.ackDeadline), remediationDeadline: formatDateTime(status.alert.remediationDeadline) },
      state,
      own: { ...status.organisation, acknowledgedAt: status.organisation.acknowledgedAt ? formatDateTime(status.organisation.acknowledgedAt) : null, remediatedAt: status.organisation.remediatedAt ? formatDateTime(status.organisation.remediatedAt) : null, evidenceThrough: status.organisation.evidenceThrough ? formatDateTime(status.organisation.evidenceThrough) : null },
      assets: status.affectedAssets.map((a) => [{ text: a.hostname ?? a.deviceId }, { text: a.ipAddresses.slice(0, 3).join(', ') }, { text: a.reasons.join('; ') }]),
      assetCount: formatNumber(status.affectedAssets.length),
      canAcknowledge: can(actor.principal, 'alert:acknowledge', organisation.id) && status.organisation.acknowledgedAt === null && open,
      canRequestException: can(actor.principal, 'alert:request-exception', organisation.id) && open && status.organisation.exception?.state !== 'requested',
      acknowledged: extra.acknowledged === true,
      requested: extra.requested === true,
      errors: extra.errors ?? null,
      errorList: Object.entries(extra.errors ?? {}).map(([field, text]) => ({ text, href: `#${field}` })),
      form: extra.form ?? { justification: '', compensatingControls: '', expiresAt: '' },
      csrfField,
    },
  };
}

const exceptionFieldOf: Record<string, keyof ExceptionForm> = { justification: 'justification', compensatingControls: 'compensatingControls', expiresAt: 'expiresAt' };

export const organisationAlertPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/organisations/:code/alerts/:reference',
    summary: "One alert as the organisation answers it: state, deadlines, affected devices, acknowledge and exception forms",
    access: { kind: 'signed-in', action: 'alert:read', organisationParam: 'code' },
    params,
    querystring: z.object({ acknowledged: z.literal('1').optional(), requested: z.literal('1').optional() }).strict(),
    handler: ({ context, actor, params: p, query }) => organisationAlertPage(context, actor, p.code, p.reference, { acknowledged: query.acknowledged === '1', requested: query.requested === '1' }),
  }),
  defineWebRoute({
    method: 'POST',
    url: '/organisations/:code/alerts/:reference/acknowledge',
    summary: 'Acknowledge an alert from the organisation page',
    access: { kind: 'signed-in', action: 'alert:acknowledge', organisationParam: 'code' },
    params,
    form: 'urlencoded',
    async handler({ context, actor, params: p }) {
      const result = await acknowledgeAlert(context, actor, p.reference, p.code);
      return { redirect: `/organisations/${result.odsCode}/alerts/${encodeURIComponent(result.reference)}?acknowledged=1` };
    },
  }),
  defineWebRoute({
    method: 'POST',
    url: '/organisations/:code/alerts/:reference/exception',
    summary: 'Request an exception to an alert (justification, compensating controls, expiry)',
    access: { kind: 'signed-in', action: 'alert:request-exception', organisationParam: 'code' },
    params,
    form: 'urlencoded',
    async handler({ context, actor, params: p, form }) {
      const input = { justification: form.justification ?? '', compensatingControls: form.compensatingControls ?? '', expiresAt: form.expiresAt ?? '' };
      try {
        const result = await requestAlertException(context, actor, p.reference, p.code, input);
        return { redirect: `/organisations/${result.odsCode}/alerts/${encodeURIComponent(result.reference)}?requested=1` };
      } catch (error) {
        if (!isWardError(error) || error.code !== 'INVALID_INPUT') throw error;
        const field = Object.keys(error.details.fields ?? {}).map((key) => exceptionFieldOf[key]).find((key) => key !== undefined) ?? 'justification';
        return organisationAlertPage(context, actor, p.code, p.reference, { errors: { [field]: error.message }, form: input, status: 400 });
      }
    },
  }),
];
