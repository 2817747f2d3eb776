import multipart from '@fastify/multipart';
import { z } from 'zod';
import { ceVersions } from '../../assessment/controls.js';
import { authorize } from '../../core/authorization.js';
import { invalidInput, WardError } from '../../core/errors.js';
import { drawCePlusSample } from '../../services/assessment/draw-ce-plus-sample.js';
import { explainAssessment } from '../../services/assessment/explain-assessment.js';
import { latestAssessment, listAssessments } from '../../services/assessment/list-assessments.js';
import { listSamples } from '../../services/assessment/list-samples.js';
import { nationalSummary } from '../../services/assessment/national-summary.js';
import { maxAttachmentBytes, maxAttachments, recordManualResult, recordableTests, type Attachment } from '../../services/assessment/record-manual-result.js';
import { runAssessment } from '../../services/assessment/run-assessment.js';
import { findOrganisation } from '../../services/organisations/find-organisation.js';
import { defineRoute, type WardRoute } from '../route-definition.js';
import { odsCodeParams } from './schemas.js';

const manualResultFields = z
  .object({
    test: z.enum(recordableTests),
    result: z.enum(['pass', 'fail']),
    device: z.string().min(1).max(255).optional(),
    cloudServiceId: z.string().min(1).max(255).optional(),
    accountRole: z.enum(['user', 'admin']).optional(),
    accountId: z.string().min(1).max(255).optional(),
    notes: z.string().max(4000).optional(),
    attachments: z.array(z.object({ fileName: z.string().min(1).max(255), contentType: z.string().min(1).max(100), contentBase64: z.string() }).strict()).max(maxAttachments).optional(),
  })
  .strict();

const run = defineRoute({
  method: 'POST',
  url: '/api/v1/orgs/:code/assessments',
  summary: 'Assess the organisation now (or as of a date), store the snapshot and return it explained',
  tags: ['assessments'],
  access: { kind: 'signed-in', action: 'assessment:run', organisationParam: 'code' },
  params: odsCodeParams,
  body: z.object({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), ceVersion: z.enum(ceVersions).optional() }).strict(),
  successStatus: 201,
  async handler({ context, actor, params, body }) {
    const result = await runAssessment(context, actor, { odsCode: params.code, ...(body.asOf !== undefined ? { asOf: body.asOf } : {}), ...(body.ceVersion !== undefined ? { ceVersion: body.ceVersion } : {}) });
    const { headline, failed, notEvidenced } = explainAssessment(result);
    return { ...result, explanation: { headline, failed, notEvidenced } };
  },
});

const history = defineRoute({
  method: 'GET',
  url: '/api/v1/orgs/:code/assessments',
  summary: "The organisation's assessment history, newest first (scores without per-check detail)",
  tags: ['assessments'],
  access: { kind: 'signed-in', action: 'assessment:read', organisationParam: 'code' },
  params: odsCodeParams,
  querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }).strict(),
  async handler({ context, actor, params, query }) {
    return { assessments: await listAssessments(context, actor, params.code, query.limit !== undefined ? { limit: query.limit } : {}) };
  },
});

const latest = defineRoute({
  method: 'GET',
  url: '/api/v1/orgs/:code/assessments/latest',
  summary: 'The newest assessment in full: scores per control and area, every check with its reasons, the remediation plan',
  tags: ['assessments'],
  access: { kind: 'signed-in', action: 'assessment:read', organisationParam: 'code' },
  params: odsCodeParams,
  async handler({ context, actor, params }) {
    const result = await latestAssessment(context, actor, params.code);
    const { headline, failed, notEvidenced } = explainAssessment(result);
    return { ...result, explanation: { headline, failed, notEvidenced } };
  },
});

const national = defineRoute({
  method: 'GET',
  url: '/api/v1/national/summary',
  summary: 'National summary from the latest assessment of every organisation (national roles)',
  tags: ['assessments'],
  access: { kind: 'signed-in', action: 'national:read' },
  async handler({ context, actor }) {
    return nationalSummary(context, actor);
  },
});

const record = defineRoute({
  method: 'POST',
  url: '/api/v1/orgs/:code/manual-results',
  summary: 'Record a manual CE+ result (assessor): JSON (attachments base64) or multipart with fields and "attachment" files',
  tags: ['assessments'],
  access: { kind: 'signed-in', action: 'assessment:record', organisationParam: 'code' },
  params: odsCodeParams,
  successStatus: 201,
  async handler({ context, actor, params, request }) {
    // Refuse before reading attachments: an unauthorised caller must not make us buffer files.
    const organisation = await findOrganisation(context, params.code);
    authorize(actor.principal, 'assessment:record', organisation.id);
    let fields: Record<string, unknown>;
    let attachments: Attachment[] = [];
    if (request.isMultipart()) {
      fields = {};
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'attachment') throw invalidInput('Files go in "attachment" fields', { [part.fieldname]: 'unexpected file' });
          const bytes = await part.toBuffer().catch((error: unknown) => {
            throw new WardError('PAYLOAD_TOO_LARGE', `${part.filename} is larger than ${maxAttachmentBytes} bytes`, {}, { cause: error });
          });
          attachments.push({ fileName: part.filename, contentType: part.mimetype, bytes });
        } else fields[part.fieldname] = part.value;
      }
    } else fields = (request.body ?? {}) as Record<string, unknown>;
    const parsed = manualResultFields.safeParse(fields);
    if (!parsed.success) throw invalidInput('Invalid manual result', Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'body', i.message])));
    const { attachments: encoded, ...rest } = parsed.data;
    if (encoded !== undefined) attachments = [...attachments, ...encoded.map((a) => ({ fileName: a.fileName, contentType: a.contentType, bytes: Buffer.from(a.contentBase64, 'base64') }))];
    return recordManualResult(context, actor, { odsCode: params.code, ...rest, attachments });
  },
});

const drawSampleRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/orgs/:code/samples',
  summary: 'Draw and store the CE+ sample (first call: round 1; second call: the second sample after remediation, avoiding round 1)',
  tags: ['assessments'],
  access: { kind: 'signed-in', action: 'assessment:sample', organisationParam: 'code' },
  params: odsCodeParams,
  body: z.object({ seed: z.string().min(1).max(200).optional(), serversInFull: z.boolean().optional() }).strict(),
  successStatus: 201,
  async handler({ context, actor, params, body }) {
    return drawCePlusSample(context, actor, { odsCode: params.code, ...(body.seed !== undefined ? { seed: body.seed } : {}), serversInFull: body.serversInFull === true });
  },
});

const samples = defineRoute({
  method: 'GET',
  url: '/api/v1/orgs/:code/samples',
  summary: "The organisation's CE+ samples with their calculation per OS build and seed",
  tags: ['assessments'],
  access: { kind: 'signed-in', action: 'assessment:read', organisationParam: 'code' },
  params: odsCodeParams,
  async handler({ context, actor, params }) {
    return { samples: await listSamples(context, actor, params.code) };
  },
});

/** Assessments, the national summary, CE+ samples and the assessor's manual results. */
export const assessmentRoutes: WardRoute[] = [
  run,
  history,
  latest,
  national,
  drawSampleRoute,
  samples,
  {
    ...record,
    // Multipart parsing lives in a child context so no other route accepts multipart bodies.
    register(app, context) {
      void app.register(async (child) => {
        await child.register(multipart, { limits: { files: maxAttachments, fileSize: maxAttachmentBytes, fields: 20, parts: maxAttachments + 20 } });
        record.register(child, context);
      });
    },
  },
];
