import multipart from '@fastify/multipart';
import { z } from 'zod';
import { authorize } from '../../core/authorization.js';
import { invalidInput } from '../../core/errors.js';
import { importEvidence } from '../../services/imports/import-evidence.js';
import { listImports } from '../../services/imports/list-imports.js';
import { findOrganisation } from '../../services/organisations/find-organisation.js';
import { defineRoute, type WardRoute } from '../route-definition.js';
import { spoolUpload, type SpooledFile } from '../spool-upload.js';
import { odsCodeParams } from './schemas.js';

/** Raw uploads: the report's own bytes, gzip allowed. JSON bodies are refused (they go through the 1 MiB JSON parser). */
const rawUploadTypes = ['application/octet-stream', 'application/gzip', 'application/x-gzip'];

export const defaultUploadLimitBytes = 2 * 1024 ** 3;

/** Uploads per client (IP address) per minute, API and web form each: an import is costly, a loop of them is an attack. */
export const defaultUploadsPerMinute = 30;

export function importRoutes(options: { uploadLimitBytes?: number; uploadsPerMinute?: number } = {}): WardRoute[] {
  const uploadLimitBytes = options.uploadLimitBytes ?? defaultUploadLimitBytes;
  const upload = defineRoute({
    method: 'POST',
    url: '/api/v1/orgs/:code/imports',
    summary: 'Import an evidence file: raw body (application/octet-stream, ?fileName=) or multipart field "file"',
    tags: ['imports'],
    access: { kind: 'signed-in', action: 'import:create', organisationParam: 'code' },
    params: odsCodeParams,
    querystring: z.object({ fileName: z.string().min(1).max(255).optional(), format: z.string().min(1).max(64).optional() }).strict(),
    rateLimit: { max: options.uploadsPerMinute ?? defaultUploadsPerMinute, timeWindow: '1 minute' },
    async handler({ context, actor, params, query, request }) {
      // Refuse before reading a byte: an unauthorised caller must not make us store 2 GiB.
      const organisation = await findOrganisation(context, params.code);
      authorize(actor.principal, 'import:create', organisation.id);
      let spooled: SpooledFile;
      let fileName: string | undefined;
      if (request.isMultipart()) {
        const part = await request.file({ limits: { fileSize: uploadLimitBytes, files: 1 } });
        if (!part || part.fieldname !== 'file') throw invalidInput('The multipart upload needs a "file" field', { file: 'required' });
        spooled = await spoolUpload(part.file, uploadLimitBytes);
        fileName = part.filename;
      } else {
        if (request.body !== undefined && request.body !== null) throw invalidInput(`Send the file as ${rawUploadTypes[0] ?? ''} or multipart/form-data`, { body: 'unsupported' });
        spooled = await spoolUpload(request.raw, uploadLimitBytes);
        fileName = query.fileName;
      }
      try {
        return await importEvidence(context, actor, {
          odsCode: params.code,
          filePath: spooled.path,
          fileName: safeFileName(fileName),
          ...(query.format !== undefined ? { format: query.format } : {}),
        });
      } finally {
        await spooled.remove();
      }
    },
  });
  const list = defineRoute({
    method: 'GET',
    url: '/api/v1/orgs/:code/imports',
    summary: "An organisation's imports, newest first",
    tags: ['imports'],
    access: { kind: 'signed-in', action: 'import:list', organisationParam: 'code' },
    params: odsCodeParams,
    querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }).strict(),
    async handler({ context, actor, params, query }) {
      return { imports: await listImports(context, actor, params.code, query.limit !== undefined ? { limit: query.limit } : {}) };
    },
  });
  return [
    {
      ...upload,
      // The upload's body parsers live in a child context so no other route accepts raw or multipart bodies.
      register(app, context) {
        void app.register(async (child) => {
          child.addContentTypeParser(rawUploadTypes, (_request, _payload, done) => done(null));
          await child.register(multipart, { limits: { files: 1, fields: 0, parts: 2 } });
          upload.register(child, context);
        });
      },
    },
    list,
  ];
}

/** The name as the user knows it, without any path a client sent along. */
function safeFileName(name: string | undefined): string {
  const last = (name ?? '').split(/[\\/]/).at(-1) ?? '';
  // Control characters would corrupt logs and terminals that show the name.
  const base = Array.from(last, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? '' : c)).join('').trim();
  return base === '' ? 'upload' : base.slice(0, 255);
}
