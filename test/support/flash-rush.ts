import type { Answer, Client } from '../../bench/lib/load';
import type { LoadUser } from './load-customers';

/**
 * A crowd rushing one flash-sale slot over HTTP, spread over one or more servers. Each customer
 * tries 1-3 times (a fresh Idempotency-Key each try); every `duplicateEvery`-th customer sends
 * its first try twice at once with the same key to two different servers (a double click, a
 * retrying proxy). A client behaves as a well-written app does:
 *  - no answer (connection refused or reset, or nothing within requestTimeoutMs) or 503:
 *    the same key again, on the next server, since the first try may or may not have reserved;
 *  - 429 BUSY: shed before anything happened, so a new key after Retry-After (capped).
 */
export interface RushAttempt {
  customerId: string;
  key: string;
  status: number;
  code?: string;
  reservationId?: string;
  /** Part of a same-key pair sent in parallel. */
  duplicate: boolean;
  /** Transport failures and 503s this attempt went through before its answer. */
  retries: number;
}

export interface RushOptions {
  clients: Client[];
  slotId: string;
  customers: LoadUser[];
  /** Customers in flight at once (default 64: more only queues in the servers). */
  concurrency?: number;
  duplicateEvery?: number;
  /** Deterministic: the same seed gives the same attempt counts. */
  seed?: number;
  /** Called after each answer (the fault test kills a process when enough have come back). */
  onAnswer?: (done: number) => void;
  /** Keys are `<keyPrefix>-<customer>-<try>`: a second wave needs its own, or it replays the first's answers. */
  keyPrefix?: string;
  /** Longest a client keeps retrying one attempt (default 120 s). */
  giveUpMs?: number;
  /** A request unanswered this long is given up and retried with its key (default 15 s). */
  requestTimeoutMs?: number;
}

export interface RushResult {
  attempts: RushAttempt[];
  /** Every distinct reservation id answered 201. */
  reservedIds: string[];
  statuses: Record<string, number>;
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function parse(a: Answer): { code?: string; reservationId?: string } {
  try {
    const body = JSON.parse(a.body) as { error?: { code?: string }; reservation?: { id?: string } };
    return { code: body.error?.code, reservationId: body.reservation?.id };
  } catch {
    return {};
  }
}

export async function rush(options: RushOptions): Promise<RushResult> {
  const { clients, slotId } = options;
  const random = mulberry32(options.seed ?? 15);
  const duplicateEvery = options.duplicateEvery ?? 10;
  const giveUpMs = options.giveUpMs ?? 120_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const attempts: RushAttempt[] = [];
  let done = 0;
  let busyKeys = 0;

  /** One logical attempt under one key, retried while the outcome is unknown. */
  async function attempt(
    user: LoadUser,
    key: string,
    server: number,
    duplicate: boolean,
  ): Promise<RushAttempt> {
    const started = Date.now();
    let retries = 0;
    for (let i = server; ; i++) {
      const client = clients[i % clients.length]!;
      let a: Answer | null = null;
      try {
        a = await client.send({
          method: 'POST',
          path: `/api/flash-sales/${slotId}/reservations`,
          headers: { cookie: user.cookie, 'idempotency-key': key },
          body: '{}',
          // A connection handed to a worker just as it was killed can hang unanswered.
          timeoutMs: requestTimeoutMs,
        });
      } catch {
        a = null;
      }
      const parsed = a ? parse(a) : {};
      const unknownOutcome = a === null || a.status === 503 || a.status === 502;
      if (!unknownOutcome || Date.now() - started > giveUpMs) {
        const out: RushAttempt = {
          customerId: user.userId,
          key,
          status: a?.status ?? 0,
          code: parsed.code,
          reservationId: parsed.reservationId,
          duplicate,
          retries,
        };
        attempts.push(out);
        options.onAnswer?.(++done);
        return out;
      }
      retries++;
      const retryAfter = Number(a?.headers['retry-after'] ?? 0) * 1000;
      await pause(Math.min(Math.max(retryAfter, 20), 500));
    }
  }

  async function customer(user: LoadUser, index: number): Promise<void> {
    const tries = 1 + Math.floor(random() * 3);
    const server = index % clients.length;
    for (let t = 0; t < tries; t++) {
      const key = `${options.keyPrefix ?? 'rush'}-${user.userId}-${t}`;
      if (t === 0 && index % duplicateEvery === 0) {
        await Promise.all([attempt(user, key, server, true), attempt(user, key, server + 1, true)]);
        continue;
      }
      let answer = await attempt(user, key, server + t, false);
      // BUSY was shed before the slot was looked at: the customer taps again (a new key).
      for (let b = 0; answer.status === 429 && b < 50; b++) {
        await pause(20 + Math.floor(random() * 80));
        answer = await attempt(user, `${key}-busy${++busyKeys}`, server + t, false);
      }
    }
  }

  const queue = options.customers.map((u, i) => [u, i] as const);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 64, queue.length) }, async () => {
      while (next < queue.length) {
        const [u, i] = queue[next++]!;
        await customer(u, i);
      }
    }),
  );
  const statuses: Record<string, number> = {};
  for (const a of attempts) {
    const k = a.code ? `${a.status} ${a.code}` : String(a.status);
    statuses[k] = (statuses[k] ?? 0) + 1;
  }
  const reservedIds = [...new Set(attempts.filter((a) => a.status === 201).map((a) => a.reservationId!))];
  return { attempts, reservedIds, statuses };
}

/** Same-key pairs whose two answers differ (must be none: a retry returns the first answer). */
export function mismatchedDuplicates(attempts: RushAttempt[]): RushAttempt[][] {
  const byKey = new Map<string, RushAttempt[]>();
  for (const a of attempts.filter((x) => x.duplicate)) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
  return [...byKey.values()].filter(
    (pair) =>
      pair.length === 2 &&
      (pair[0]!.status !== pair[1]!.status ||
        pair[0]!.code !== pair[1]!.code ||
        pair[0]!.reservationId !== pair[1]!.reservationId),
  );
}
