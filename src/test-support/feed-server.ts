import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedResponse = { status?: number; headers?: Record<string, string>; body?: string | Buffer };

export type SeenRequest = { method: string; path: string; url: URL; headers: IncomingHttpHeaders };

export type FeedServer = {
  /** `http://127.0.0.1:PORT` */
  base: string;
  /** Every request, in order. */
  seen: SeenRequest[];
  /** Queues answers for one path (without the query): each request takes the next; the last one repeats. */
  on(path: string, ...responses: RecordedResponse[]): void;
  /** Answers by a function of the request, for paths without a queue. */
  fallback(handler: (request: SeenRequest) => RecordedResponse): void;
  reset(): void;
  close(): Promise<void>;
};

/**
 * A local HTTP server standing in for the NVD, CISA, FIRST, endoflife.date and MSRC in tests: it
 * serves recorded responses and remembers every request it saw, so tests assert the URLs and
 * headers a sync sent. Unknown paths get 404.
 */
export async function startFeedServer(): Promise<FeedServer> {
  const queues = new Map<string, RecordedResponse[]>();
  const seen: SeenRequest[] = [];
  let handler: ((request: SeenRequest) => RecordedResponse) | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: SeenRequest = { method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers };
    seen.push(request);
    const queue = queues.get(url.pathname);
    const response = queue && queue.length > 0 ? (queue.length > 1 ? queue.shift() : queue[0]) : handler?.(request);
    const answer = response ?? { status: 404, body: 'not found' };
    res.writeHead(answer.status ?? 200, answer.headers ?? {});
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    on: (path, ...responses) => void queues.set(path, [...responses]),
    fallback: (h) => void (handler = h),
    reset: () => {
      queues.clear();
      seen.length = 0;
      handler = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
