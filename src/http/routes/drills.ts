import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import { organisationKinds } from '../../core/organisation.js';
import { acknowledgeDrill, describeDrillLink } from '../../services/drills/acknowledge-drill.js';
import { closeDrill } from '../../services/drills/close-drill.js';
import { drillReport, listDrills } from '../../services/drills/drill-report.js';
import { startDrill } from '../../services/drills/start-drill.js';
import { messageChannels } from '../../services/readiness/contact-view.js';
import { drillAcknowledgementPage } from '../../web/pages/drill-acknowledgement-pages.js';
import { defineRoute } from '../route-definition.js';

export const referenceParams = z.object({ reference: z.string().min(3).max(40) }).strict();
const tokenParams = z.object({ token: z.string().min(1).max(200) }).strict();

/** Communication drills: run by the national team; acknowledged by anyone holding a one-time link. */
export const drillRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/drills',
    summary: 'Every communication drill with how many organisations acknowledged',
    tags: ['drills'],
    access: { kind: 'signed-in', action: 'drill:read' },
    async handler({ context, actor }) {
      return { drills: await listDrills(context, actor) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/drills',
    summary: 'Start a communication drill: every contact of the target organisations (by ODS code, region and kind) is messaged on every chosen channel',
    tags: ['drills'],
    access: { kind: 'signed-in', action: 'drill:run' },
    body: z
      .object({
        title: z.string().min(1).max(300), odsCodes: z.array(z.string().min(1).max(20)).max(5000).optional(), region: z.string().min(1).max(200).optional(), kind: z.enum(organisationKinds).optional(),
        channels: z.array(z.enum(messageChannels)).min(1).max(3).optional(), windowHours: z.number().positive().max(336), reference: z.string().min(3).max(40).optional(),
      })
      .strict(),
    successStatus: 201,
    async handler({ context, actor, body }) {
      if (!context.publicUrl) throw new WardError('CONFIG_INVALID', 'WARD_PUBLIC_URL is not known: links in drill messages need it');
      return startDrill(context, actor, { ...body, publicUrl: context.publicUrl });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/drills/:reference',
    summary: 'The drill report: reach by channel, time to acknowledge (min, median, p90, max), organisations not reached',
    tags: ['drills'],
    access: { kind: 'signed-in', action: 'drill:read' },
    params: referenceParams,
    async handler({ context, actor, params }) {
      return drillReport(context, actor, params.reference);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/drills/:reference/close',
    summary: 'Close a drill now: its links stop working and organisations that never acknowledged are flagged',
    tags: ['drills'],
    access: { kind: 'signed-in', action: 'drill:run' },
    params: referenceParams,
    async handler({ context, actor, params }) {
      return closeDrill(context, actor, params.reference);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/drill-acknowledgements/:token',
    summary: 'What a drill link is for and whether it still works; opening it does not acknowledge (mail scanners open links)',
    tags: ['drills'],
    access: { kind: 'public' },
    params: tokenParams,
    async handler({ context, params, request, reply }) {
      const link = await describeDrillLink(context, params.token);
      // A person opening the link in a browser gets the page with its button; JSON clients get the link's state.
      const accept = request.headers.accept ?? '';
      if (accept.includes('text/html') && !accept.includes('application/json')) return reply.redirect(drillAcknowledgementPage(params.token), 303);
      return link;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/drill-acknowledgements/:token',
    summary: 'Acknowledge a drill message (no sign-in: the one-time token is the credential); used or expired links answer 410',
    tags: ['drills'],
    access: { kind: 'public' },
    params: tokenParams,
    // A bare POST (no body) is the usual case: a person pressing the button, a script with curl -X POST.
    body: z.object({ name: z.string().max(200).optional() }).strict().nullish(),
    rateLimit: { max: 120, timeWindow: '1 minute' },
    async handler({ context, actor, params, body }) {
      return acknowledgeDrill(context, actor, params.token, body?.name !== undefined ? { name: body.name } : {});
    },
  }),
];
