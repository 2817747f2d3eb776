import { z } from 'zod';
import { addContact } from '../../services/readiness/add-contact.js';
import { addExercise } from '../../services/readiness/add-exercise.js';
import { exerciseTypes, actionStatuses } from '../../services/readiness/exercise-view.js';
import { listContacts } from '../../services/readiness/list-contacts.js';
import { listExercises } from '../../services/readiness/list-exercises.js';
import { listOverdueActions } from '../../services/readiness/list-overdue-actions.js';
import { listPlans, nationalPlanStatus, readPlanDocument } from '../../services/readiness/list-plans.js';
import { maxPlanBytes } from '../../services/readiness/plan-document.js';
import { updateAction } from '../../services/readiness/update-action.js';
import { uploadPlan } from '../../services/readiness/upload-plan.js';
import { invalidInput } from '../../core/errors.js';
import { defineRoute, type WardRoute } from '../route-definition.js';
import { defaultUploadsPerMinute } from './imports.js';
import { odsCodeParams, uuid } from './schemas.js';

const contactBody = z
  .object({
    name: z.string().min(1).max(200),
    role: z.string().min(1).max(200),
    email: z.string().max(254).optional(),
    altEmail: z.string().max(254).optional(),
    phone: z.string().max(40).optional(),
    webhookUrl: z.string().max(2000).optional(),
  })
  .strict();

const day = z.string().min(10).max(30);

/** Plan documents arrive as the raw bytes; their type is checked from the content, whatever the header says. */
const planUploadTypes = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/octet-stream'];

/** Plan uploads share the evidence uploads' per-minute budget (WARD_UPLOADS_PER_MINUTE), counted per user or token. */
const planUpload = (uploadsPerMinute: number): WardRoute => defineRoute({
  method: 'POST',
  url: '/api/v1/orgs/:code/plans',
  summary: 'Upload a version of the incident-response plan: raw PDF or DOCX body, details in the query',
  tags: ['readiness'],
  access: { kind: 'signed-in', action: 'readiness:manage', organisationParam: 'code' },
  params: odsCodeParams,
  querystring: z.object({ fileName: z.string().min(1).max(255), version: z.string().min(1).max(50), owner: z.string().min(1).max(200), approvedOn: day, nextReviewOn: day }).strict(),
  successStatus: 201,
  rateLimit: { max: uploadsPerMinute, timeWindow: '1 minute' },
  async handler({ context, actor, params, query, request }) {
    if (!Buffer.isBuffer(request.body)) throw invalidInput(`Send the document as the raw body (${planUploadTypes.join(', ')})`, { body: 'unsupported' });
    return uploadPlan(context, actor, { odsCode: params.code, content: request.body, ...query });
  },
});

/** Contacts, response plans, exercises and their actions: each organisation's under /orgs/{code}, the national views under /readiness. */
export function readinessRoutes(options: { uploadsPerMinute?: number } = {}): WardRoute[] {
  return [...otherReadinessRoutes, planUploadRoute(planUpload(options.uploadsPerMinute ?? defaultUploadsPerMinute))];
}

/** The plan upload's raw-body parser lives in a child context so no other route accepts document bodies. */
function planUploadRoute(upload: WardRoute): WardRoute {
  return {
    ...upload,
    register(app, context) {
      void app.register(async (child) => {
        child.addContentTypeParser(planUploadTypes, { parseAs: 'buffer', bodyLimit: maxPlanBytes }, (_request, body, done) => done(null, body));
        upload.register(child, context);
        await Promise.resolve();
      });
    },
  };
}

const otherReadinessRoutes: WardRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/contacts',
    summary: "An organisation's emergency contacts and their channels",
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:read', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return { contacts: await listContacts(context, actor, params.code) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/contacts',
    summary: 'Add an emergency contact (e-mail, out-of-band e-mail on another domain, phone, webhook); a webhook secret is shown once',
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:manage', organisationParam: 'code' },
    params: odsCodeParams,
    body: contactBody,
    successStatus: 201,
    async handler({ context, actor, params, body }) {
      return addContact(context, actor, { ...body, odsCode: params.code, secretKey: context.connectors?.secretKey ?? null });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/readiness/contacts',
    summary: "The national team's contacts",
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:read-national' },
    async handler({ context, actor }) {
      return { contacts: await listContacts(context, actor, null) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/readiness/contacts',
    summary: "Add one of the national team's contacts",
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:manage-national' },
    body: contactBody,
    successStatus: 201,
    async handler({ context, actor, body }) {
      return addContact(context, actor, { ...body, odsCode: null, secretKey: context.connectors?.secretKey ?? null });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/plans',
    summary: "Every version of an organisation's incident-response plan, current first",
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:read', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return { plans: await listPlans(context, actor, params.code) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/plans/:id/document',
    summary: 'Download one plan version as uploaded',
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:read', organisationParam: 'code' },
    params: z.object({ code: odsCodeParams.shape.code, id: uuid }).strict(),
    async handler({ context, actor, params, reply }) {
      const { plan, content } = await readPlanDocument(context, actor, params.code, params.id);
      reply.header('content-type', plan.documentType === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      reply.header('content-disposition', `attachment; filename="${plan.fileName.replace(/[^\w. -]/g, '_')}"`);
      reply.header('x-content-sha256', plan.sha256);
      return content;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/readiness/plans',
    summary: 'National view: every organisation with a missing, overdue or current plan (judged today)',
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:read-national' },
    querystring: z.object({ problems: z.enum(['true', 'false']).optional() }).strict(),
    async handler({ context, actor, query }) {
      return nationalPlanStatus(context, actor, { problemsOnly: query.problems === 'true' });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/exercises',
    summary: "An organisation's exercises with their actions",
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:read', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return { exercises: await listExercises(context, actor, params.code) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/exercises',
    summary: 'Record an exercise (tabletop, simulation or live), its findings and actions',
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:manage', organisationParam: 'code' },
    params: odsCodeParams,
    body: z
      .object({
        heldOn: day,
        type: z.enum(exerciseTypes),
        scenario: z.string().min(1).max(500),
        participants: z.array(z.string().max(200)).min(1).max(200),
        nationalBodiesContacted: z.boolean(),
        findings: z.string().max(20_000).default(''),
        actions: z.array(z.object({ description: z.string().min(1).max(2000), owner: z.string().min(1).max(200), dueOn: day }).strict()).max(200).optional(),
      })
      .strict(),
    successStatus: 201,
    async handler({ context, actor, params, body }) {
      return addExercise(context, actor, { ...body, odsCode: params.code });
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/orgs/:code/actions/:id',
    summary: 'Update an exercise action: status (open, in-progress, done), owner or due date',
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:manage', organisationParam: 'code' },
    params: z.object({ code: odsCodeParams.shape.code, id: uuid }).strict(),
    body: z.object({ status: z.enum(actionStatuses).optional(), owner: z.string().min(1).max(200).optional(), dueOn: day.optional() }).strict(),
    async handler({ context, actor, params, body }) {
      return updateAction(context, actor, { odsCode: params.code, actionId: params.id, ...body });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/actions/overdue',
    summary: "An organisation's exercise actions past their due date",
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:read', organisationParam: 'code' },
    params: odsCodeParams,
    async handler({ context, actor, params }) {
      return { actions: await listOverdueActions(context, actor, params.code) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/readiness/actions/overdue',
    summary: 'Every organisation\'s exercise actions past their due date (national roles)',
    tags: ['readiness'],
    access: { kind: 'signed-in', action: 'readiness:read-national' },
    async handler({ context, actor }) {
      return { actions: await listOverdueActions(context, actor, null) };
    },
  }),
];
