import type { Notification } from '../outbox/notification.js';
import type { MessageChannel } from '../readiness/contact-view.js';

export type DrillMessage = {
  drill: { id: string; reference: string; title: string; windowEndsAt: string };
  organisation: { id: string; odsCode: string; name: string };
  contact: { name: string; role: string };
  messageId: string;
  channel: MessageChannel;
  /** An e-mail address, or the contact webhook's id and URL. */
  to: string | { webhookId: string; url: string };
  acknowledgeUrl: string;
};

/** The outbox event of every drill message: receivers and the delivery log can tell drills from alerts. */
export const drillMessageEvent = 'drill.message';

/** The dedupe key of one drill message in the outbox: a message is sent once however often it is enqueued. */
export const drillOutboxKey = (drillId: string, messageId: string) => `drill:${drillId}:${messageId}`;

/**
 * One drill message as an outbox notification. The text says plainly that it is a test, and the
 * one-time link is the only thing the recipient must act on.
 */
export function drillNotification(message: DrillMessage): Notification {
  const base = { dedupeKey: drillOutboxKey(message.drill.id, message.messageId), event: drillMessageEvent, organisationId: message.organisation.id };
  if (typeof message.to !== 'string') {
    return {
      ...base,
      channel: 'webhook',
      webhookId: message.to.webhookId,
      url: message.to.url,
      payload: {
        event: drillMessageEvent,
        drill: { reference: message.drill.reference, title: message.drill.title, windowEndsAt: message.drill.windowEndsAt },
        organisation: { odsCode: message.organisation.odsCode, name: message.organisation.name },
        contact: message.contact,
        channel: message.channel,
        acknowledgeUrl: message.acknowledgeUrl,
        acknowledgeMethod: 'POST',
      },
    };
  }
  return {
    ...base,
    channel: 'email',
    to: message.to,
    subject: `[Ward] DRILL ${message.drill.reference}: please acknowledge — ${message.organisation.odsCode}`,
    text: [
      `This is a communication drill from the national cyber security team, not a real incident.`,
      `${message.drill.reference}: ${message.drill.title}`,
      `To: ${message.contact.name} (${message.contact.role}), ${message.organisation.odsCode} ${message.organisation.name}`,
      `Channel: ${message.channel === 'alt-email' ? 'out-of-band e-mail' : 'e-mail'}`,
      '',
      'Acknowledge that this message reached you by opening this link and pressing "Acknowledge"',
      '(or POST to it). It works once, for this message only, until the drill ends:',
      message.acknowledgeUrl,
      '',
      `The drill ends ${message.drill.windowEndsAt}.`,
    ].join('\n'),
  };
}
