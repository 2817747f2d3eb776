import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every webhook delivery. */
export const webhookHeaders = {
  timestamp: 'x-ward-timestamp',
  signature: 'x-ward-signature',
  delivery: 'x-ward-delivery',
  event: 'x-ward-event',
} as const;

/**
 * HMAC-SHA256 with the webhook's secret over `<timestamp>.<raw body>`, hex, sent as
 * `x-ward-signature: sha256=<hex>` beside `x-ward-timestamp: <unix seconds>`. Including the timestamp
 * lets a receiver refuse replays older than a few minutes.
 */
export function signWebhook(secret: string, timestamp: number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time, and refuse stale timestamps. */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string | Buffer,
  options: { now: Date; toleranceSeconds?: number },
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || headers.signature === undefined) return false;
  if (Math.abs(options.now.getTime() / 1000 - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
