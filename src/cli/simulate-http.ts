/**
 * The simulator's HTTP side: one cookie jar per shopper, every answer counted by outcome and
 * timed. Only `fetch` against the server's public API: the simulator knows nothing the browser
 * would not.
 */
import { randomUUID } from 'node:crypto';

/** 503 apart from other 5xx: a server shedding load answers it by design; a 500 is a bug. */
export type Outcome = '2xx' | '409' | '429' | '4xx' | '503' | '5xx' | 'network';

export class Tally {
  readonly outcomes: Record<Outcome, number> = {
    '2xx': 0,
    '409': 0,
    '429': 0,
    '4xx': 0,
    '503': 0,
    '5xx': 0,
    network: 0,
  };
  /** Bounded: a reservoir of latencies (ms), enough for p99 without keeping every sample. */
  private readonly samples: number[] = [];
  private seen = 0;
  static readonly RESERVOIR = 50_000;

  record(status: number, ms: number) {
    const o: Outcome =
      status === 0
        ? 'network'
        : status < 300
          ? '2xx'
          : status === 409
            ? '409'
            : status === 429
              ? '429'
              : status === 503
                ? '503'
                : status >= 500
                  ? '5xx'
                  : '4xx';
    this.outcomes[o]++;
    this.seen++;
    if (this.samples.length < Tally.RESERVOIR) this.samples.push(ms);
    else {
      const j = Math.floor(Math.random() * this.seen);
      if (j < Tally.RESERVOIR) this.samples[j] = ms;
    }
  }

  get total() {
    return this.seen;
  }

  percentile(p: number): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** A shopper's session: its own cookies, the server's Origin on writes (the CSRF rule). */
export class Session {
  private cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    private readonly tally: Tally,
    private readonly throttle: () => Promise<void>,
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    opts: { idempotencyKey?: string | true; form?: Record<string, string>; redirect?: 'manual' } = {},
  ): Promise<Answer<T>> {
    await this.throttle();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers.origin = new URL(this.base).origin;
    if (opts.idempotencyKey)
      headers['idempotency-key'] = opts.idempotencyKey === true ? randomUUID() : opts.idempotencyKey;
    let payload: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(opts.form).toString();
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const started = performance.now();
    try {
      const res = await fetch(new URL(path, this.base), {
        method,
        headers,
        body: payload,
        redirect: opts.redirect ?? 'follow',
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      this.tally.record(res.status, performance.now() - started);
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      }
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed as T, text, headers: res.headers };
    } catch {
      this.tally.record(0, performance.now() - started);
      return { status: 0, body: undefined as T, text: '', headers: new Headers() };
    }
  }
}

/** A limiter of `rate` requests per second shared by every shopper (a token bucket, one-second burst). */
export function rateLimiter(rate: number, deadline: number): () => Promise<void> {
  let tokens = rate;
  let last = Date.now();
  return async function take() {
    for (;;) {
      const now = Date.now();
      tokens = Math.min(rate, tokens + ((now - last) / 1000) * rate);
      last = now;
      if (tokens >= 1 || now >= deadline) {
        tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - tokens) / rate) * 1000)));
    }
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether a URL is this machine: the simulator plays against another host only when told to. */
export const isLoopback = (url: URL) => LOOPBACK.has(url.hostname) || url.hostname.startsWith('127.');
