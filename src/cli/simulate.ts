/**
 * `carnival simulate`: plays a festival day against a running server over HTTP, the way shoppers
 * would: sign up (or the demo shopper when sign-ups are rate-limited), get money onto the wallet
 * (the demo credit, else the sandbox gateway's hosted page), browse the hub, the event and its
 * venue (posting visits), fill a cart, check out, pay, rush live flash-sale slots, and refund a
 * share of the orders. Bounded by --duration and by a per-shopper order cap; loopback only
 * unless --url names another host (then it is the user's choice). Every request that moves money
 * carries an Idempotency-Key.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { isLoopback, rateLimiter, Session, Tally } from './simulate-http';

export interface SimulateOptions {
  url: string;
  shoppers: number;
  durationMs: number;
  rate: number;
  campaign?: string;
  /** Share of paid orders refunded (0..1). */
  refundShare: number;
  maxOrdersPerShopper: number;
  progress: boolean;
  /** Seeds the shoppers' choices (SKU, quantity, refund or not): the same seed, the same day. */
  seed?: number;
}

export interface SimulateSummary {
  campaignId: string | null;
  requests: number;
  outcomes: Tally['outcomes'];
  latencyMs: { p50: number; p95: number; p99: number };
  orders: { placed: number; paid: number; refunded: number; flashReserved: number };
  paidFen: number;
  elapsedMs: number;
}

const DEMO_SHOPPER = { email: 'consumer@carnival.local', password: 'carnival-demo' };
const idOf = (v: unknown): string | undefined =>
  v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string'
    ? (v as { id: string }).id
    : undefined;

/** The first array under key `key` anywhere in `v` (answers nest orders differently by route). */
function findArray(v: unknown, key: string, depth = 0): unknown[] | undefined {
  if (!v || typeof v !== 'object' || depth > 5) return undefined;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o[key])) return o[key] as unknown[];
  for (const child of Object.values(o)) {
    const found = findArray(child, key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export async function simulate(
  opts: SimulateOptions,
  log: (line: string) => void = () => {},
): Promise<SimulateSummary> {
  const started = Date.now();
  const deadline = started + opts.durationMs;
  const tally = new Tally();
  const random = seededRandom(opts.seed ?? Date.now());
  const throttle = rateLimiter(opts.rate, deadline);
  const run = randomUUID().slice(0, 8);
  const counts = { placed: 0, paid: 0, refunded: 0, flashReserved: 0 };
  let paidFen = 0;

  const probe = new Session(opts.url, tally, throttle);
  const campaign = await pickCampaign(probe, opts.campaign);
  if (!campaign) log('no live shopping festival found: the shoppers only browse');
  const venue = campaign
    ? ((
        await probe.request<{ items?: { sku: string; campaignStock: number; store: { id: string } }[] }>(
          'GET',
          `/api/campaigns/${encodeURIComponent(campaign.id)}/venue?limit=50`,
        )
      ).body?.items ?? [])
    : [];
  const skus = venue.filter((i) => i.campaignStock > 0);

  const bar = opts.progress
    ? new cliProgress.SingleBar(
        { format: 'simulate |{bar}| {percentage}% | {value}/{total} s | {requests} requests | {paid} paid' },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const totalSec = Math.ceil(opts.durationMs / 1000);
  bar?.start(totalSec, 0, { requests: 0, paid: 0 });
  const ticker = setInterval(
    () =>
      bar?.update(Math.min(totalSec, Math.floor((Date.now() - started) / 1000)), {
        requests: tally.total,
        paid: counts.paid,
      }),
    500,
  );

  const signIns = gate(2);
  const shopper = async (i: number) => {
    const s = new Session(opts.url, tally, throttle);
    const email = `sim-${run}-${i}@simulate.carnival.test`;
    // Shoppers arrive a few at a time: a sign-up hashes a password (a second of CPU or more),
    // and a crowd of them at once would only meet the server's 503 for its hashing queue.
    const signedIn = await signIns.run(async () => {
      for (let attempt = 0; attempt < 4 && Date.now() < deadline; attempt++) {
        const signup = await s.request('POST', '/api/auth/signup', {
          email,
          password: `Sim-${run}-Harbor-${i}-Orbit`,
          displayName: `模拟买家${i}`,
          role: 'consumer',
        });
        if (signup.status < 300) return true;
        if (signup.status === 503 || signup.status === 0) {
          await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
          continue;
        }
        // Sign-ups refused (rate-limited, closed): the demo shopper.
        return (await s.request('POST', '/api/auth/login', DEMO_SHOPPER)).status < 300;
      }
      return false;
    });
    if (!signedIn) return;
    if (!campaign || skus.length === 0) {
      while (Date.now() < deadline) await s.request('GET', '/api/campaigns?limit=20');
      return;
    }
    await fund(s);
    let orders = 0;
    while (Date.now() < deadline && orders < opts.maxOrdersPerShopper) {
      await s.request('GET', '/api/campaigns?limit=20');
      await s.request('GET', `/api/campaigns/${encodeURIComponent(campaign.slug)}`);
      await s.request('GET', `/api/campaigns/${encodeURIComponent(campaign.id)}/venue?limit=50`);
      const pick = skus[Math.floor(random() * skus.length)]!;
      await s.request('POST', '/api/analytics/visits', {
        campaignId: campaign.id,
        storeId: pick.store.id,
        skuId: pick.sku,
      });
      if (await rushFlash(s, campaign.id, random)) counts.flashReserved++;
      await s.request('PUT', '/api/cart/items', {
        campaignId: campaign.id,
        skuId: pick.sku,
        quantity: 1 + Math.floor(random() * 2),
      });
      const checkout = await s.request<Record<string, unknown>>(
        'POST',
        '/api/checkout',
        { campaignId: campaign.id },
        { idempotencyKey: true },
      );
      orders++;
      const orderId = idOf(checkout.body?.order) ?? idOf(checkout.body);
      if (checkout.status >= 300 || !orderId) continue;
      counts.placed++;
      const payOnce = () =>
        s.request<Record<string, unknown>>(
          'POST',
          `/api/orders/${orderId}/pay`,
          {},
          { idempotencyKey: true },
        );
      let pay = await payOnce();
      // A wallet that ran dry is topped up once more, as a shopper would, then the order paid.
      if (pay.status === 409 || pay.status === 422) {
        await fund(s);
        pay = await payOnce();
      }
      if (pay.status >= 300) continue;
      counts.paid++;
      const order = pay.body?.order as { total?: number; paidAmount?: number } | undefined;
      paidFen += order?.paidAmount ?? order?.total ?? 0;
      if (random() < opts.refundShare) {
        const detail = await s.request('GET', `/api/orders/${orderId}`);
        const sub = idOf(findArray(detail.body, 'subOrders')?.[0]);
        if (sub) {
          const cancel = await s.request(
            'POST',
            `/api/sub-orders/${sub}/cancel-paid`,
            { reason: 'simulated refund' },
            {
              idempotencyKey: true,
            },
          );
          if (cancel.status < 300) counts.refunded++;
        }
      }
    }
  };

  const fund = async (s: Session) => {
    const credit = await s.request(
      'POST',
      '/api/wallet/demo-credit',
      { amount: 200_000 },
      { idempotencyKey: true },
    );
    if (credit.status < 300) return;
    // The embedded demo's other way to pay: a top-up on the sandbox gateway's hosted page.
    const created = await s.request<{ topUp?: { id: string; redirectUrl?: string } }>(
      'POST',
      '/api/wallet/top-ups',
      { amount: 200_000 },
      { idempotencyKey: true },
    );
    const topUp = created.body?.topUp;
    if (!topUp?.redirectUrl) return;
    const page = await s.request('GET', topUp.redirectUrl);
    const token = /name="token" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) return;
    await s.request('POST', topUp.redirectUrl, undefined, {
      form: { token, action: 'pay' },
      redirect: 'manual',
    });
    // The wallet is credited when the gateway's signed notification arrives (asynchronous).
    for (let k = 0; k < 20 && Date.now() < deadline; k++) {
      const state = await s.request<{ topUp?: { status?: string } }>(
        'GET',
        `/api/wallet/top-ups/${topUp.id}`,
      );
      if (state.body?.topUp?.status && state.body.topUp.status !== 'pending') return;
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  await Promise.all(Array.from({ length: opts.shoppers }, (_, i) => shopper(i)));
  clearInterval(ticker);
  bar?.update(totalSec, { requests: tally.total, paid: counts.paid });
  bar?.stop();
  return {
    campaignId: campaign?.id ?? null,
    requests: tally.total,
    outcomes: tally.outcomes,
    latencyMs: { p50: tally.percentile(50), p95: tally.percentile(95), p99: tally.percentile(99) },
    orders: counts,
    paidFen,
    elapsedMs: Date.now() - started,
  };
}

/** The 00:00 rush: a reservation on a running flash-sale slot, then its checkout and payment. */
async function rushFlash(s: Session, campaignId: string, random: () => number): Promise<boolean> {
  const list = await s.request<{ slots?: { id: string; status?: string }[] }>(
    'GET',
    `/api/campaigns/${encodeURIComponent(campaignId)}/flash-sales`,
  );
  const live = (list.body?.slots ?? []).filter((x) => x.status === 'running');
  const slot = live[Math.floor(random() * live.length)];
  if (!slot) return false;
  const r = await s.request<{ reservation?: { id: string } }>(
    'POST',
    `/api/flash-sales/${encodeURIComponent(slot.id)}/reservations`,
    { quantity: 1 },
    { idempotencyKey: true },
  );
  const reservationId = r.body?.reservation?.id;
  if (r.status >= 300 || !reservationId) return false;
  const c = await s.request<Record<string, unknown>>(
    'POST',
    `/api/flash-sales/reservations/${reservationId}/checkout`,
    {},
    { idempotencyKey: true },
  );
  const orderId = idOf(c.body?.order) ?? idOf(c.body);
  if (orderId) await s.request('POST', `/api/orders/${orderId}/pay`, {}, { idempotencyKey: true });
  return true;
}

async function pickCampaign(s: Session, wanted?: string): Promise<{ id: string; slug: string } | null> {
  if (wanted) {
    const r = await s.request<{ campaign?: { id: string; slug: string } }>(
      'GET',
      `/api/campaigns/${encodeURIComponent(wanted)}`,
    );
    return r.body?.campaign ?? null;
  }
  const r = await s.request<{ items?: { id: string; slug: string; status: string }[] }>(
    'GET',
    '/api/campaigns?kind=shopping_festival&status=live&limit=20',
  );
  return r.body?.items?.find((c) => c.status === 'live') ?? null;
}

/** At most `n` calls of `run` at once; the others wait their turn in order. */
function gate(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (active >= n) await new Promise<void>((r) => waiting.push(r));
      active++;
      try {
        return await fn();
      } finally {
        active--;
        waiting.shift()?.();
      }
    },
  };
}

/** mulberry32: small, fast and reproducible (not for secrets). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "60s", "2m", "90" (seconds) or "1500ms" to ms. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit]!);
}

const LIMITS = { shoppers: 5000, rate: 5000, durationMs: 3_600_000 };

export async function runSimulate(
  args: string[],
  out: { write(text: string): unknown } = process.stdout,
  err: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        url: { type: 'string' },
        shoppers: { type: 'string', default: '200' },
        duration: { type: 'string', default: '60s' },
        rate: { type: 'string', default: '50' },
        campaign: { type: 'string' },
        refunds: { type: 'string', default: '0.05' },
        seed: { type: 'string' },
        'max-orders': { type: 'string', default: '20' },
        'no-progress': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return 2;
  }
  const explicitUrl = typeof values.url === 'string';
  const url = new URL(String(values.url ?? 'http://127.0.0.1:3000'));
  if (!explicitUrl && !isLoopback(url)) {
    err.write('simulate: refusing a non-loopback server without an explicit --url\n');
    return 2;
  }
  const shoppers = Number(values.shoppers);
  const rate = Number(values.rate);
  const durationMs = parseDuration(String(values.duration));
  const refundShare = Number(values.refunds);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const maxOrders = Number(values['max-orders']);
  const bad =
    !Number.isInteger(shoppers) || shoppers < 1 || shoppers > LIMITS.shoppers
      ? `--shoppers must be 1..${LIMITS.shoppers}`
      : !Number.isFinite(rate) || rate <= 0 || rate > LIMITS.rate
        ? `--rate must be 1..${LIMITS.rate} requests/s`
        : durationMs === null || durationMs < 1000 || durationMs > LIMITS.durationMs
          ? '--duration must be 1s..1h (e.g. 60s, 5m)'
          : !(refundShare >= 0 && refundShare <= 1)
            ? '--refunds must be a share 0..1'
            : seed !== undefined && !Number.isInteger(seed)
              ? '--seed must be an integer'
              : !Number.isInteger(maxOrders) || maxOrders < 1 || maxOrders > 1000
                ? '--max-orders must be 1..1000 per shopper'
                : null;
  if (bad) {
    err.write(`simulate: ${bad}\n`);
    return 2;
  }
  const summary = await simulate(
    {
      url: url.toString(),
      shoppers,
      rate,
      durationMs: durationMs!,
      refundShare,
      campaign: values.campaign as string | undefined,
      maxOrdersPerShopper: maxOrders,
      seed,
      progress: !values['no-progress'] && !values.json && Boolean(process.stderr.isTTY),
    },
    (line) => err.write(`${line}\n`),
  );
  if (values.json) {
    out.write(`${JSON.stringify(summary)}\n`);
  } else {
    const o = summary.outcomes;
    out.write(
      [
        `campaign      ${summary.campaignId ?? '(none live)'}`,
        `requests      ${summary.requests} in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
        `  2xx ${o['2xx']}  409 sold out/conflict ${o['409']}  429 ${o['429']}  other 4xx ${o['4xx']}  503 shed ${o['503']}  other 5xx ${o['5xx']}  network ${o.network}`,
        `latency       p50 ${summary.latencyMs.p50.toFixed(1)} ms  p95 ${summary.latencyMs.p95.toFixed(1)} ms  p99 ${summary.latencyMs.p99.toFixed(1)} ms`,
        `orders        placed ${summary.orders.placed}  paid ${summary.orders.paid}  refunded ${summary.orders.refunded}  flash reservations ${summary.orders.flashReserved}`,
        '',
      ].join('\n'),
    );
  }
  return summary.outcomes['5xx'] > 0 ? 1 : 0;
}
