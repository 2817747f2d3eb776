/** The national alert pages: the list of alerts and the form that issues one. The board is in alert-board-page.ts. */
import { authorize, can } from '../../core/authorization.js';
import { isWardError } from '../../core/errors.js';
import { organisationKinds } from '../../core/organisation.js';
import type { Actor } from '../../core/principal.js';
import type { WardRoute } from '../../http/route-definition.js';
import { parseObservation } from '../../services/alerts/alert-conditions.js';
import { alertSeverities, checkIssueAlertInput, issueAlert, type IssueAlertInput } from '../../services/alerts/issue-alert.js';
import { listAlerts, listOrganisationAlerts, seesBoard } from '../../services/alerts/read-alerts.js';
import type { ServiceContext } from '../../services/context.js';
import { searchOrganisations } from '../../services/organisations/search-organisations.js';
import { formatDateTime, formatNumber } from '../format.js';
import { link } from '../view-models/html.js';
import { tag as alertStateTag } from '../view-models/organisation-panels.js';
import { csrfField, defineWebRoute, type PageResult } from '../web-route.js';
import { ownOrganisationCode } from './home-path.js';
import { kindLabels } from './organisations-page.js';

type Form = Record<string, string>;

const numeric = (text: string) => ({ text, format: 'numeric' });

/** National roles see every alert and its counts; an organisation sees the alerts sent to it, each with its own state. */
async function alertListPage(context: ServiceContext, actor: Actor): Promise<PageResult> {
  if (seesBoard(actor)) {
    const alerts = await listAlerts(context, actor);
    return {
      view: 'alerts.njk',
      data: {
        national: true,
        canIssue: can(actor.principal, 'alert:issue'),
        head: [{ text: 'Alert' }, { text: 'Title' }, { text: 'Severity' }, { text: 'Issued' }, { text: 'Acknowledge by' }, { text: 'Remediate by' }, { text: 'Organisations', format: 'numeric' }, { text: 'Exposed now', format: 'numeric' }, { text: 'Acknowledged', format: 'numeric' }, { text: 'Remediated', format: 'numeric' }],
        rows: alerts.map((a) => [
          { html: link(`/alerts/${encodeURIComponent(a.reference)}`, a.reference) },
          { text: a.title },
          { text: a.severity },
          { text: formatDateTime(a.issuedAt) },
          { text: formatDateTime(a.ackDeadline) },
          { text: formatDateTime(a.remediationDeadline) },
          numeric(formatNumber(a.organisations)),
          numeric(formatNumber(a.exposed)),
          numeric(formatNumber(a.acknowledged)),
          numeric(formatNumber(a.remediated)),
        ]),
      },
    };
  }
  const principal = actor.principal;
  const organisationId = principal.type === 'user' || principal.type === 'token' ? principal.organisationId : null;
  // Assessors and ingest-only tokens answer no alert: they get an empty list rather than a refusal.
  const code = organisationId !== null && can(principal, 'alert:read', organisationId) ? await ownOrganisationCode(context, principal) : null;
  const alerts = code === null ? [] : await listOrganisationAlerts(context, actor, code);
  return {
    view: 'alerts.njk',
    data: {
      national: false,
      canIssue: false,
      head: [{ text: 'Alert' }, { text: 'Title' }, { text: 'Severity' }, { text: 'Issued' }, { text: 'Acknowledge by' }, { text: 'Remediate by' }, { text: 'Your state' }, { text: 'Affected devices', format: 'numeric' }],
      rows: alerts.map((a) => [
        { html: link(`/organisations/${code ?? ''}/alerts/${encodeURIComponent(a.reference)}`, a.reference) },
        { text: a.title },
        { text: a.severity },
        { text: formatDateTime(a.issuedAt) },
        { text: formatDateTime(a.ackDeadline) },
        { text: formatDateTime(a.remediationDeadline) },
        { html: alertStateTag(a.state) },
        numeric(formatNumber(a.affectedAssets)),
      ]),
    },
  };
}

/** Comma, space or line separated values of a text field. */
const listOf = (value: string | undefined) => (value ?? '').split(/[\s,;]+/).map((v) => v.trim()).filter(Boolean);
/** A number field: blank means the default; anything else that is not a number fails the range check. */
const numberOf = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : Number(value.trim()));

/** What each form field is called when it is wrong, in the words of the form (NHS error messages). */
const fieldMessages: Record<string, string> = {
  reference: 'Enter a reference like CC-2026-0042, or leave it empty for the next one',
  title: 'Enter a title of 3 to 300 characters',
  severity: 'Select the severity',
  cves: 'Enter CVE identifiers such as CVE-2017-0144',
  windowsFixedBuilds: 'Enter full Windows builds such as 6.1.7601.23689 (KB numbers count only beside a fixed build)',
  kbs: 'Enter KB numbers such as KB4012212',
  observations: 'Enter one observation a line as key=value, for example smb1.enabled=true',
  ports: 'Enter TCP port numbers from 1 to 65535',
  regions: 'Choose regions from the list',
  odsCodes: 'Enter the ODS codes of organisations Ward knows',
  ackHours: 'Enter the hours to acknowledge, from 1 to 720',
  remediationDays: 'Enter the days to remediate, from 1 to 366',
  escalationHours: 'Enter the hours between escalations, from 1 to 720',
};
const formFields = Object.keys(fieldMessages);

/** The form field an error's field path belongs to (`conditions.cves.0` → cves). */
function formFieldOf(path: string): string {
  if (path.startsWith('conditions.cves')) return 'cves';
  if (path.startsWith('conditions.windows.kbs')) return 'kbs';
  if (path.startsWith('conditions.windows')) return 'windowsFixedBuilds';
  if (path.startsWith('conditions.observations')) return 'observations';
  if (path.startsWith('conditions.ports')) return 'ports';
  if (path.startsWith('target.regions')) return 'regions';
  if (path.startsWith('target')) return 'odsCodes';
  return formFields.includes(path) ? path : 'cves';
}

/** The service's field paths as the form's errors, in the order the fields appear. */
function formErrors(fields: Record<string, string>, overrides: Record<string, string> = {}): Record<string, string> {
  const found = new Set(Object.keys(fields).map(formFieldOf));
  const errors: Record<string, string> = {};
  for (const field of formFields) if (found.has(field)) errors[field] = overrides[field] ?? fieldMessages[field] ?? field;
  return errors;
}

/** The form's fields as the use case's input; observation lines that are not key=value are reported here. */
function toInput(form: Form, regions: readonly string[]): { input: IssueAlertInput; badObservations: boolean } {
  let badObservations = false;
  const observations = (form.observations ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean).flatMap((line) => {
    try {
      return [parseObservation(line)];
    } catch {
      badObservations = true;
      return [];
    }
  });
  const kbs = listOf(form.kbs);
  const fixedBuilds = listOf(form.windowsFixedBuilds);
  const ports = listOf(form.ports).map((p) => ({ port: Number(p) }));
  const chosenRegions = regions.filter((_region, index) => form[`region-${index}`] !== undefined);
  const kinds = organisationKinds.filter((kind) => form[`kind-${kind}`] !== undefined);
  const odsCodes = listOf(form.odsCodes).map((code) => code.toUpperCase());
  const targeted = chosenRegions.length + kinds.length + odsCodes.length > 0;
  const number = (name: string) => numberOf(form[name]);
  const ackHours = number('ackHours');
  const remediationDays = number('remediationDays');
  const escalationHours = number('escalationHours');
  const reference = (form.reference ?? '').trim();
  return {
    badObservations,
    input: {
      title: form.title ?? '',
      severity: form.severity ?? '',
      description: (form.description ?? '').trim(),
      guidance: (form.guidance ?? '').trim(),
      conditions: {
        cves: listOf(form.cves),
        observations,
        ports,
        ...(fixedBuilds.length + kbs.length > 0 ? { windows: { fixedBuilds, kbs } } : {}),
      },
      target: { all: !targeted, regions: chosenRegions, kinds, odsCodes },
      ...(reference !== '' ? { reference } : {}),
      ...(ackHours !== undefined ? { ackHours } : {}),
      ...(remediationDays !== undefined ? { remediationDays } : {}),
      ...(escalationHours !== undefined ? { escalationHours } : {}),
    },
  };
}

/** The region choices of the target field: the regions of the organisations the actor sees, as the drill form offers them. */
async function knownRegions(context: ServiceContext, actor: Actor): Promise<string[]> {
  return (await searchOrganisations(context, actor, { page: 1, pageSize: 1 })).regions;
}

async function issueForm(context: ServiceContext, actor: Actor, form: Form, errors: Record<string, string> | null, status = 200): Promise<PageResult> {
  authorize(actor.principal, 'alert:issue');
  const regions = await knownRegions(context, actor);
  return {
    view: 'alert-new.njk',
    status,
    data: {
      form,
      errors,
      errorList: Object.entries(errors ?? {}).map(([field, text]) => ({ text, href: `#${field === 'regions' ? 'regions-0' : field}` })),
      severities: [{ value: '', text: 'Choose a severity' }, ...alertSeverities.map((severity) => ({ value: severity, text: severity, selected: form.severity === severity }))],
      regionItems: regions.map((region, index) => ({ value: region, text: region, name: `region-${index}`, id: `regions-${index}`, checked: form[`region-${index}`] !== undefined })),
      kindItems: organisationKinds.map((kind) => ({ value: kind, text: kindLabels[kind] ?? kind, name: `kind-${kind}`, id: `kind-${kind}`, checked: form[`kind-${kind}`] !== undefined })),
      csrfField,
    },
  };
}

export const alertPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/alerts',
    summary: 'Alerts: every alert with its national counts (national roles), or the alerts sent to the own organisation',
    // Every signed-in caller may open it; what it lists follows listAlerts / listOrganisationAlerts.
    access: { kind: 'signed-in', action: 'session:read' },
    handler: ({ context, actor }) => alertListPage(context, actor),
  }),
  defineWebRoute({
    method: 'GET',
    url: '/alerts/new',
    summary: 'The form to issue a critical alert (national admins)',
    access: { kind: 'signed-in', action: 'alert:issue' },
    handler: ({ context, actor }) => issueForm(context, actor, { ackHours: '48', remediationDays: '14', escalationHours: '24' }, null),
  }),
  defineWebRoute({
    method: 'POST',
    url: '/alerts',
    summary: 'Issue a critical alert from the form, then show its board',
    access: { kind: 'signed-in', action: 'alert:issue' },
    form: 'urlencoded',
    async handler({ context, actor, form }) {
      const { input, badObservations } = toInput(form, await knownRegions(context, actor));
      let fields: Record<string, string> = badObservations ? { 'conditions.observations': 'malformed' } : {};
      try {
        checkIssueAlertInput(input);
      } catch (error) {
        if (!isWardError(error) || error.code !== 'INVALID_INPUT') throw error;
        fields = { ...fields, ...error.details.fields };
      }
      if (Object.keys(fields).length > 0) return issueForm(context, actor, form, formErrors(fields), 400);
      try {
        const issued = await issueAlert(context, actor, input);
        return { redirect: `/alerts/${encodeURIComponent(issued.reference)}?issued=1` };
      } catch (error) {
        if (!isWardError(error) || (error.code !== 'INVALID_INPUT' && error.code !== 'CONFLICT')) throw error;
        // What only the database can tell: unknown ODS codes, no organisation in the target, a reference already used.
        const errors = error.code === 'CONFLICT' ? { reference: error.message } : formErrors(error.details.fields ?? {}, { odsCodes: error.message });
        return issueForm(context, actor, form, errors, error.code === 'CONFLICT' ? 409 : 400);
      }
    },
  }),
];
