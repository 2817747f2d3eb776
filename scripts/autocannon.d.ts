// The part of autocannon 8's API scripts/security-load.ts uses (the package ships no types).
declare module 'autocannon' {
  type Histogram = { average: number; min: number; max: number; p50: number; p90: number; p97_5: number; p99: number };
  export type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: (Request & { setupRequest?: (request: Request, context: Record<string, unknown>) => Request; onResponse?: (status: number, body: string, context: Record<string, unknown>) => void })[];
  };
  export type Result = {
    title?: string;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    latency: Histogram;
    requests: Histogram & { total: number };
    statusCodeStats: Record<string, { count: number }>;
  };
  export type Instance = Promise<Result> & {
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): Instance;
    on(event: 'reqError', listener: (error: Error) => void): Instance;
    stop(): void;
  };
  export default function autocannon(options: Options): Instance;
}
