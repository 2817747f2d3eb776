import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** Stands for the kept body while the layout is drawn; a comment, so it can never be markup a user typed. */
const marker = `<!--ward-kept-body-${randomUUID()}-->`;

/** The layout drawn around a kept body, as bytes: what comes before the body and what after. */
type Frame = { head: Buffer; tail: Buffer };

const framesPerServer = 512;
const frames = new WeakMap<FastifyInstance, Map<string, Frame>>();

/**
 * A whole page from a body drawn once and kept as UTF-8 bytes (the national dashboard, kept until
 * the national data changes) and the layout around it. The layout is a function of its template
 * and data only (who is signed in, their navigation and form token, the path), so it is drawn once
 * per such set and kept as bytes too (per server, at most 512 sets, oldest dropped first); a
 * session's CSRF token is part of the set, so no two sessions share a frame. Under load this is
 * what a reader costs: no template work and no re-encoding of a 100 KB string per request.
 */
export async function keptPage(server: FastifyInstance, view: string, layout: Record<string, unknown>, body: Buffer): Promise<Buffer> {
  let kept = frames.get(server);
  if (!kept) frames.set(server, (kept = new Map<string, Frame>()));
  const key = JSON.stringify([view, layout]);
  let frame = kept.get(key);
  if (!frame) {
    const html = await server.view(view, { ...layout, content: marker });
    const at = html.indexOf(marker);
    if (at < 0) throw new Error(`${view} does not place its content`);
    frame = { head: Buffer.from(html.slice(0, at)), tail: Buffer.from(html.slice(at + marker.length)) };
    kept.set(key, frame);
    while (kept.size > framesPerServer) kept.delete(kept.keys().next().value ?? key);
  }
  return Buffer.concat([frame.head, body, frame.tail]);
}
