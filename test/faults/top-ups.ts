import { randomUUID } from 'node:crypto';
import { type ApiResult, api, errorCode, waitFor } from './support';

/**
 * Wallet top-ups over real HTTP against a `carnival serve` child, as a browser and the sandbox
 * gateway do it: POST /api/wallet/top-ups, open the gateway's hosted page, press Pay (a form post
 * with the page's one-time token); the serve process's own payment jobs then deliver the signed
 * notification to /api/payments/notify/sandbox, which credits the wallet.
 */

export interface StartedTopUp {
  id: string;
  amount: number;
  redirectUrl: string;
}

export type TopUpStatus = 'pending' | 'succeeded' | 'failed' | 'expired' | 'refunding' | 'refunded';

const unavailable = (r: ApiResult) => r.status === 503 && errorCode(r) === 'DATABASE_UNAVAILABLE';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One call to the gateway's hosted page (HTML), GET to render it or POST the form; no redirects followed. */
async function gatewayPage(
  url: string,
  redirectUrl: string,
  form?: Record<string, string>,
): Promise<ApiResult> {
  const started = performance.now();
  try {
    const res = await fetch(new URL(redirectUrl, url), {
      method: form ? 'POST' : 'GET',
      headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // the HTML page
    }
    return { status: res.status, ms: performance.now() - started, body, headers: res.headers };
  } catch (err) {
    return { status: 0, ms: performance.now() - started, body: String(err), headers: new Headers() };
  }
}

export const createTopUp = (url: string, cookie: string, amount: number, key = randomUUID()) =>
  api(url, 'POST', '/api/wallet/top-ups', { cookie, key, body: { amount } });

export const openPage = (url: string, redirectUrl: string) => gatewayPage(url, redirectUrl);

export const tokenOf = (page: ApiResult) =>
  typeof page.body === 'string' ? /name="token" value="([^"]+)"/.exec(page.body)?.[1] : undefined;

export const submitPage = (
  url: string,
  redirectUrl: string,
  token: string,
  action: 'pay' | 'cancel' = 'pay',
) => gatewayPage(url, redirectUrl, { token, action });

/**
 * Starts a top-up, retrying 503s with the same Idempotency-Key (a 503 did nothing, or left a row
 * the retry completes). Every answer goes to `results`. Undefined when it was refused otherwise.
 */
export async function startTopUp(
  url: string,
  cookie: string,
  amount: number,
  results: ApiResult[],
  deadlineMs = 60_000,
): Promise<StartedTopUp | undefined> {
  const key = randomUUID();
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const r = await createTopUp(url, cookie, amount, key);
    results.push(r);
    if (r.status === 201) {
      const topUp = (r.body as { topUp: StartedTopUp & { status: string } }).topUp;
      if (topUp.status !== 'pending' || !topUp.redirectUrl)
        throw new Error(`top-up: ${JSON.stringify(r.body)}`);
      return { id: topUp.id, amount: topUp.amount, redirectUrl: topUp.redirectUrl };
    }
    if (!unavailable(r) || Date.now() > deadline) return undefined;
    await pause(50);
  }
}

/**
 * Pays on the gateway's page: render (fresh token), press Pay, until the gateway answers 303.
 * After a 503 on the form post the payment may have committed with the answer lost; the page
 * then renders 409 (the charge is closed), which means paid: we never cancel.
 */
export async function payTopUp(
  url: string,
  topUp: StartedTopUp,
  results: ApiResult[],
  deadlineMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let answerLost = false;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`could not pay top-up ${topUp.id} within ${deadlineMs} ms`);
    const page = await openPage(url, topUp.redirectUrl);
    if (page.status === 409 && answerLost) return;
    results.push(page);
    const token = tokenOf(page);
    if (page.status === 200 && token) {
      const paid = await submitPage(url, topUp.redirectUrl, token);
      if (paid.status === 303) {
        results.push({ ...paid, status: 200 }); // the gateway's "done": counted as a success
        return;
      }
      // 409 on the post: "this page has expired, reload it". A newer token exists: a render that
      // was answered 503 during a freeze can still commit its token once the database wakes, after
      // the render we pressed Pay on. Nothing was charged; do as the page says and render it again.
      // (Not one of Carnival's API answers the suite bounds: the gateway's page to its payer.)
      if (paid.status === 409 && /expired|已过期/.test(String(paid.body))) {
        await pause(50);
        continue;
      }
      results.push(paid);
      if (!unavailable(paid)) throw new Error(`sandbox pay: ${paid.status} ${JSON.stringify(paid.body)}`);
      answerLost = true;
    } else if (!unavailable(page)) throw new Error(`sandbox page: ${page.status}`);
    await pause(50);
  }
}

export async function topUpStatus(url: string, cookie: string, id: string): Promise<ApiResult> {
  return api(url, 'GET', `/api/wallet/top-ups/${id}`, { cookie });
}

/** Polls every top-up until none is pending (paid ones succeed once the notification lands). */
export async function settleTopUps(
  url: string,
  cookie: string,
  topUps: StartedTopUp[],
  timeoutMs: number,
): Promise<Map<string, TopUpStatus>> {
  const final = new Map<string, TopUpStatus>();
  await waitFor(
    `${topUps.length} top-ups to settle`,
    async () => {
      for (const t of topUps) {
        if (final.has(t.id)) continue;
        const r = await topUpStatus(url, cookie, t.id);
        if (r.status !== 200) return false;
        const status = (r.body as { topUp: { status: TopUpStatus } }).topUp.status;
        if (status === 'pending' || status === 'refunding') return false;
        final.set(t.id, status);
      }
      return true;
    },
    timeoutMs,
    200,
  );
  return final;
}

/** The whole flow, then waits for the credit; returns the top-up id. */
export async function topUpAndWait(url: string, cookie: string, amount: number): Promise<string> {
  const results: ApiResult[] = [];
  const topUp = await startTopUp(url, cookie, amount, results, 0);
  if (!topUp) throw new Error(`top-up: ${JSON.stringify(results.map((r) => [r.status, r.body]))}`);
  await payTopUp(url, topUp, results, 10_000);
  const final = await settleTopUps(url, cookie, [topUp], 15_000);
  if (final.get(topUp.id) !== 'succeeded') throw new Error(`top-up ${topUp.id} is ${final.get(topUp.id)}`);
  return topUp.id;
}
