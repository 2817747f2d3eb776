import nodemailer from 'nodemailer';

export type EmailMessage = { to: string; subject: string; text: string; messageId: string };

/** Sends one e-mail or throws; `permanent` on the error says retrying cannot help. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

export type WebhookRequest = { url: string; body: string; headers: Record<string, string> };
export type WebhookPoster = (request: WebhookRequest) => Promise<{ status: number }>;

/** An SMTP sender for `smtp://…` / `smtps://…` URLs (nodemailer). */
export function smtpSender(url: string, from: string): EmailSender {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      // The outbox id becomes the Message-ID, so a notice resent after a crash is recognisably the same one.
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, messageId: message.messageId });
    },
    close: () => transport.close(),
  };
}

/** POSTs with Node's fetch; no redirects followed, ten seconds at most. */
export const fetchWebhookPoster: WebhookPoster = async ({ url, body, headers }) => {
  const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  await response.body?.cancel();
  return { status: response.status };
};
