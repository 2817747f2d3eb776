import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import type { WardRoute } from '../../http/route-definition.js';
import { acknowledgeDrill, describeDrillLink } from '../../services/drills/acknowledge-drill.js';
import { defineWebRoute } from '../web-route.js';

const tokenParams = z.object({ token: z.string().min(1).max(200) }).strict();

/** Where a person who opens a drill link in a browser is sent (JSON clients keep the API's answer). */
export const drillAcknowledgementPage = (token: string) => `/drill-acknowledgements/${encodeURIComponent(token)}`;

/**
 * The page behind a drill message's one-time link: opening it shows what it is for and a button
 * (opening never acknowledges: mail scanners open links); pressing the button posts the token in
 * the form. No sign-in: the token is the credential.
 */
export const drillAcknowledgementPages: WardRoute[] = [
  defineWebRoute({
    method: 'GET',
    url: '/drill-acknowledgements/:token',
    summary: 'The drill acknowledgement page: what the link is for and a button to acknowledge',
    access: { kind: 'public' },
    params: tokenParams,
    async handler({ context, params }) {
      const link = await describeDrillLink(context, params.token);
      return { view: 'drill-acknowledgement.njk', data: { link, token: params.token, done: null } };
    },
  }),
  defineWebRoute({
    method: 'POST',
    url: '/drill-acknowledgements',
    summary: 'Acknowledge a drill message from its page (the one-time token travels in the form)',
    access: { kind: 'public' },
    form: 'urlencoded',
    credentialInForm: true,
    rateLimit: { max: 120, timeWindow: '1 minute' },
    async handler({ context, actor, form }) {
      const token = form.token ?? '';
      if (token === '') throw new WardError('INVALID_INPUT', 'The form carried no acknowledgement token: open the link in the message again');
      const link = await describeDrillLink(context, token);
      const name = form.name?.trim();
      const done = await acknowledgeDrill(context, actor, token, name ? { name } : {});
      return { view: 'drill-acknowledgement.njk', data: { link: { ...link, state: 'used' }, token: '', done } };
    },
  }),
];
