/**
 * A closed-loop HTTP load generator for the benchmarks: `concurrency` workers, each sending its
 * next request as soon as the previous answer has arrived, over keep-alive connections. Runs
 * in the bench's process, never in the server's.
 */
import http from 'node:http';

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface Request {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  statuses: Record<number, number>;
}

export function createClient(baseUrl: string, maxSockets = 256) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  function send(r: Request): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...r.headers };
      if (r.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        headers['content-length'] = Buffer.byteLength(r.body);
      }
      const req = http.request(
        { host: hostname, port: Number(port), method: r.method ?? 'GET', path: r.path, agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString(),
              headers: res.headers,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (r.body !== undefined) req.write(r.body);
      req.end();
    });
  }
  return { send, close: () => agent.destroy() };
}

export type Client = ReturnType<typeof createClient>;

export const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Drives `next()` for `seconds` (or until it returns null) from `concurrency` workers and
 * reports throughput and latency (ms). `onAnswer` sees every answer (to check bodies).
 */
export async function drive(
  client: Client,
  options: { seconds: number; concurrency: number },
  next: () => Request | null,
  onAnswer?: (a: Answer, r: Request) => void,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const r = next();
        if (!r) return;
        const t0 = performance.now();
        const a = await client.send(r);
        latencies.push(performance.now() - t0);
        statuses[a.status] = (statuses[a.status] ?? 0) + 1;
        onAnswer?.(a, r);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    statuses,
  };
}

/** The same-run baseline every bench prints: `GET /healthz` at the bench's concurrency. */
export async function healthzBaseline(client: Client, seconds: number, concurrency: number) {
  await drive(client, { seconds: 1, concurrency }, () => ({ path: '/healthz' })); // warm-up
  return drive(client, { seconds, concurrency }, () => ({ path: '/healthz' }));
}
