/** Forms reached from the organisation page: reporting an incident, and the assessor's CE+ sample and manual test results. */
import { z } from 'zod';
import { authorize, can } from '../../core/authorization.js';
import { isWardError } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import type { WardRoute } from '../../http/route-definition.js';
import { odsCodeParams } from '../../http/routes/schemas.js';
import { drawCePlusSample } from '../../services/assessment/draw-ce-plus-sample.js';
import { listSamples } from '../../services/assessment/list-samples.js';
import { recordManualResult, recordableTests } from '../../services/assessment/record-manual-result.js';
import type { ServiceContext } from '../../services/context.js';
import { incidentTypes } from '../../services/incidents/incident-view.js';
import { reportIncident } from '../../services/incidents/report-incident.js';
import { findOrganisation } from '../../services/organisations/find-organisation.js';
import { formatDateTime } from '../format.js';
import { csrfField, defineWebRoute, type PageResult } from '../web-route.js';

type Form = Record<string, string>;

/** The first field an INVALID_INPUT names (or a default), with the message, for the form's error summary. */
export function fieldError(error: unknown, fallback: string): Record<string, string> | null {
  if (!isWardError(error) || error.code !== 'INVALID_INPUT') return null;
  const field = Object.keys(error.details.fields ?? {})[0] ?? fallback;
  return { [field]: error.message };
}

export const errorList = (errors: Record<string, string> | null) => Object.entries(errors ?? {}).map(([field, text]) => ({ text, href: `#${field}` }));

async function incidentForm(context: ServiceContext, actor: Actor, code: string, form: Form, errors: Record<string, string> | null, status = 200): Promise<PageResult> {
  const organisation = await findOrganisation(context, code);
  authorize(actor.principal, 'incident:report', organisation.id);
  return {
    view: 'incident-new.njk',
    status,
    data: {
      organisation: { odsCode: organisation.odsCode, name: organisation.name },
      types: incidentTypes.map((type) => ({ value: type, text: type.replace(/-/g, ' '), selected: form.type === type })),
      form, errors, errorList: errorList(errors), csrfField,
    },
  };
}

const whole = (value: string | undefined) => (value === undefined || value.trim() === '' ? 0 : Number(value.replace(/[,_\s£]/g, '')));

async function assessorPage(context: ServiceContext, actor: Actor, code: string, extra: { recorded?: string; errors?: Record<string, string> | null; form?: Form; status?: number } = {}): Promise<PageResult> {
  const organisation = await findOrganisation(context, code);
  authorize(actor.principal, 'assessment:record', organisation.id);
  const samples = await listSamples(context, actor, organisation.odsCode);
  const ids = [...new Set(samples.flatMap((s) => s.deviceIds))];
  const names = new Map<string, string>();
  if (ids.length > 0) {
    for (const row of await context.database.db.selectFrom('devices').select(['id', 'hostname', 'fqdn', 'ip_addresses']).where('organisation_id', '=', organisation.id).where('id', 'in', ids.slice(0, 1000)).execute()) {
      names.set(row.id, row.hostname ?? row.fqdn ?? (JSON.parse(row.ip_addresses) as string[])[0] ?? row.id);
    }
  }
  const form = extra.form ?? {};
  return {
    view: 'assessor.njk',
    status: extra.status ?? 200,
    data: {
      organisation: { odsCode: organisation.odsCode, name: organisation.name },
      samples: samples.map((s) => ({ round: s.round, seed: s.seed, method: s.calculation.method, createdAt: formatDateTime(s.createdAt), devices: s.deviceIds.map((id) => names.get(id) ?? id) })),
      canSample: can(actor.principal, 'assessment:sample', organisation.id) && samples.length < 2,
      tests: recordableTests.map((test) => ({ value: test, text: test, selected: form.test === test })),
      deviceItems: [{ value: '', text: 'Not per device (TC4)' }, ...ids.map((id) => ({ value: id, text: names.get(id) ?? id, selected: form.device === id }))],
      form, recorded: extra.recorded ?? null, errors: extra.errors ?? null, errorList: errorList(extra.errors ?? null), csrfField,
    },
  };
}

export const organisationFormPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/organisations/:code/incidents/new',
    summary: 'The form to report an incident and its impact',
    access: { kind: 'signed-in', action: 'incident:report', organisationParam: 'code' },
    params: odsCodeParams,
    handler: ({ context, actor, params }) => incidentForm(context, actor, params.code, {}, null),
  }),
  defineWebRoute({
    method: 'POST',
    url: '/organisations/:code/incidents',
    summary: 'Report an incident from the web form',
    access: { kind: 'signed-in', action: 'incident:report', organisationParam: 'code' },
    params: odsCodeParams,
    form: 'urlencoded',
    async handler({ context, actor, params, form }) {
      const list = (text: string | undefined) => (text ?? '').split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
      try {
        const incident = await reportIncident(context, actor, {
          odsCode: params.code, type: form.type ?? '', summary: form.summary ?? '', startedAt: form.startedAt ?? '', endedAt: form.endedAt ? form.endedAt : null,
          systemsAffected: list(form.systemsAffected), servicesAffected: list(form.servicesAffected),
          appointmentsCancelled: whole(form.appointmentsCancelled), operationsCancelled: whole(form.operationsCancelled), estimatedCostPounds: whole(form.estimatedCostPounds),
          nationalSupportRequested: form.nationalSupportRequested === 'yes', alertReference: form.alertReference ? form.alertReference : null,
        });
        return { redirect: `/organisations/${incident.odsCode}?reported=${encodeURIComponent(incident.reference)}#incidents` };
      } catch (error) {
        const errors = fieldError(error, 'summary');
        if (!errors) throw error;
        return incidentForm(context, actor, params.code, form, errors, 400);
      }
    },
  }),
  defineWebRoute({
    method: 'GET',
    url: '/organisations/:code/assessor',
    summary: "The assessor's page: the CE+ sample and the manual test results (TC3, TC4, TC5, ESU)",
    access: { kind: 'signed-in', action: 'assessment:record', organisationParam: 'code' },
    params: odsCodeParams,
    querystring: z.object({ recorded: z.string().max(64).optional() }).strict(),
    handler: ({ context, actor, params, query }) => assessorPage(context, actor, params.code, query.recorded ? { recorded: query.recorded } : {}),
  }),
  defineWebRoute({
    method: 'POST',
    url: '/organisations/:code/assessor/samples',
    summary: 'Draw the CE+ sample (first, then the second after remediation)',
    access: { kind: 'signed-in', action: 'assessment:sample', organisationParam: 'code' },
    params: odsCodeParams,
    form: 'urlencoded',
    async handler({ context, actor, params, form }) {
      await drawCePlusSample(context, actor, { odsCode: params.code, ...(form.seed ? { seed: form.seed } : {}), serversInFull: form.serversInFull === 'yes' });
      return { redirect: `/organisations/${params.code.toUpperCase()}/assessor#sample` };
    },
  }),
  defineWebRoute({
    method: 'POST',
    url: '/organisations/:code/assessor/results',
    summary: 'Record a manual CE+ test result from the assessor page',
    access: { kind: 'signed-in', action: 'assessment:record', organisationParam: 'code' },
    params: odsCodeParams,
    form: 'urlencoded',
    async handler({ context, actor, params, form }) {
      const optional = (key: string) => (form[key] ? { [key]: form[key] } : {});
      try {
        const record = await recordManualResult(context, actor, { odsCode: params.code, test: form.test ?? '', result: form.result ?? '', ...optional('device'), ...optional('cloudServiceId'), ...optional('accountRole'), ...optional('accountId'), ...optional('notes') });
        return { redirect: `/organisations/${params.code.toUpperCase()}/assessor?recorded=${encodeURIComponent(`${record.test} ${record.result}`)}` };
      } catch (error) {
        const errors = fieldError(error, 'test');
        if (!errors) throw error;
        return assessorPage(context, actor, params.code, { errors, form, status: 400 });
      }
    },
  }),
];
