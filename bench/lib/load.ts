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
  /** No answer within this many ms: the request is destroyed and send() rejects (a client's timeout). */
  timeoutMs?: number;
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
      if (r.timeoutMs)
        req.setTimeout(r.timeoutMs, () => req.destroy(new Error(`no answer in ${r.timeoutMs} ms`)));
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

export interface OpenLoopResult {
  /** Requests sent, and answered (any status) within the timeout. */
  sent: number;
  answered: number;
  timeouts: number;
  /** Transport failures (connection refused or reset). */
  errors: number;
  seconds: number;
  statuses: Record<number, number>;
  /** Latency percentiles (ms) by status. */
  byStatus: Record<number, { count: number; p50: number; p99: number; max: number }>;
}

/**
 * Open-loop load: requests leave at a fixed `rate` per second whatever the server's pace (a
 * crowd does not wait for the previous customer's answer), so an overloaded server shows as
 * refusals, latency or timeouts instead of a load generator that politely slows down. A request
 * not answered within `timeoutMs` counts as a timeout; `maxInFlight` bounds this process.
 */
export async function driveOpenLoop(
  client: Client,
  options: { rate: number; seconds: number; timeoutMs?: number; maxInFlight?: number },
  next: () => Request | null,
  onAnswer?: (a: Answer, r: Request) => void,
): Promise<OpenLoopResult> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const maxInFlight = options.maxInFlight ?? 4_000;
  const latencies: Record<number, number[]> = {};
  const statuses: Record<number, number> = {};
  let sent = 0;
  let answered = 0;
  let timeouts = 0;
  let errors = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const fire = (r: Request) => {
    const t0 = performance.now();
    inFlight++;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const p = Promise.race([client.send(r), timedOut])
      .then(
        (a) => {
          if (a === 'timeout') {
            timeouts++;
            return;
          }
          answered++;
          statuses[a.status] = (statuses[a.status] ?? 0) + 1;
          latencies[a.status] ??= [];
          latencies[a.status]!.push(performance.now() - t0);
          onAnswer?.(a, r);
        },
        () => {
          errors++;
        },
      )
      .finally(() => {
        clearTimeout(timer);
        inFlight--;
        pending.delete(p);
      });
    pending.add(p);
  };
  for (let now = performance.now(); now < end; now = performance.now()) {
    const due = Math.floor(((now - started) / 1000) * options.rate);
    while (sent < due && inFlight < maxInFlight) {
      const r = next();
      if (!r) break;
      sent++;
      fire(r);
    }
    // Past maxInFlight the generator itself would be the bottleneck: those count as not sent.
    if (sent < due && inFlight >= maxInFlight) sent = due;
    // A 1 ms tick, not a spin: the generator shares the machine with the server it measures.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  const byStatus: OpenLoopResult['byStatus'] = {};
  for (const [status, list] of Object.entries(latencies)) {
    list.sort((a, b) => a - b);
    byStatus[Number(status)] = {
      count: list.length,
      p50: percentile(list, 50),
      p99: percentile(list, 99),
      max: list.at(-1) ?? 0,
    };
  }
  return {
    sent,
    answered,
    timeouts,
    errors,
    seconds: (performance.now() - started) / 1000,
    statuses,
    byStatus,
  };
}
