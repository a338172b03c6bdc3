/**
 * Every route has a role: walked from the outside, over the OpenAPI document the server itself
 * publishes, so a route added without a guard fails here. Each operation is called anonymously
 * (no cookie, no key) with an empty JSON body and an Idempotency-Key; anything but a public route
 * must answer 401. A public route must be named below, with the reason it is public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { createHarness, type Harness } from './support/harness';

/** `METHOD /path` of every operation anyone may call, and why. */
const PUBLIC = new Set([
  // the hub and event pages are public; drafts are filtered inside
  'GET /api/campaigns',
  'GET /api/campaigns/{id}',
  'GET /api/campaigns/{id}/ical',
  'POST /api/campaigns/{id}/views',
  'GET /api/series',
  'GET /api/series/{id}',
  'GET /api/series/{id}/ical',
  // signing in and up
  'POST /api/auth/signup',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  // the anonymous price quote (capped and rate-limited)
  'POST /api/pricing/quote',
  // the venue, its stores and SKUs, public coupons and after-sale rules of published campaigns
  'GET /api/campaigns/{id}/venue',
  'GET /api/campaigns/{id}/venue/promotions',
  'POST /api/campaigns/{id}/venue/quote',
  'GET /api/campaigns/{id}/enrollment-rules',
  'GET /api/stores',
  'GET /api/stores/{id}',
  'GET /api/coupons',
  'GET /api/coupons/{id}',
  'GET /api/campaigns/{id}/after-sale',
  'GET /api/categories',
  // a payment gateway's signed notification (the signature is the credential)
  'POST /api/payments/notify/{gateway}',
  // the server clock, for countdowns (flash sales open on the server's time)
  'GET /api/time',
  // flash sales on the venue, with the stock left
  'GET /api/campaigns/{campaignId}/flash-sales',
  'GET /api/flash-sales/{slotId}',
  // the transparency logs: anyone may audit them (read-only, rate-limited per IP)
  'GET /api/transparency/{log}/checkpoint',
  'GET /api/transparency/{log}/checkpoint.txt',
  'GET /api/transparency/{log}/checkpoints',
  'GET /api/transparency/{log}/key',
  'GET /api/transparency/{log}/entries',
  'GET /api/transparency/{log}/entries/{index}',
  'GET /api/transparency/{log}/entries/{index}/receipt',
  'GET /api/transparency/{log}/consistency',
  // the live screen of a campaign the caller may open (issue 16: Double 11's GMV is public)
  'GET /api/screen/{campaignId}',
  'GET /api/screen/{campaignId}/stream',
  // public welfare is public: what donations raised, where the money went, which items give
  'GET /api/charity/projects',
  // an event's ticket shop (issue 11): what is on sale, for a published conference
  'GET /api/events/{id}/tickets',
  'GET /api/events/{id}/cfp',
  'GET /api/charity/projects/{id}',
  'GET /api/charity/projects/{id}/disclosure',
  'GET /api/charity/projects/{id}/disclosure.csv',
  'GET /api/charity/items',
  // traceability: the trace page behind a QR code, and its verification (read-only, per-IP limits)
  'GET /api/trace/{code}',
  'GET /api/trace/{code}/verification',
  // rural and green: the checkout's green choices and the stores' origin tags
  'GET /api/green/choices',
  'GET /api/store-origins',
  // an event's check-in public key: devices verify ticket codes with it (public by design)
  'GET /api/events/{eventId}/checkin-key',
  // the conference programme (issue 12): the published agenda, its versions, session and speaker
  // pages, and the iCalendar feeds (a personal feed is found by its secret token: calendars send no cookies)
  'GET /api/events/{id}/agenda',
  'GET /api/events/{id}/agenda.ics',
  'GET /api/events/{id}/schedule/versions',
  'GET /api/events/{id}/schedule/versions/{n}',
  'GET /api/events/{id}/speakers',
  'GET /api/events/{id}/speakers/{speakerId}',
  'GET /api/sessions/{id}',
  'GET /api/agenda-feeds/{file}',
  // probes
  'GET /healthz',
  'GET /readyz',
]);

describe('route guards', () => {
  let h: Harness;
  let operations: { method: string; path: string }[] = [];

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open());
    const doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path })),
    );
  });
  afterAll(() => h.close());

  it('finds the API in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(60);
  });

  it('answers 401 to an anonymous caller on every route that is not public', async () => {
    const unguarded: string[] = [];
    for (const { method, path } of operations) {
      const name = `${method} ${path}`;
      if (PUBLIC.has(name) || path.startsWith('/docs') || path.startsWith('/sandbox-gateway/')) continue;
      const url = path.replace(/\{[^}]+\}/g, 'x_1');
      const res = await h.app.inject({
        method: method as 'GET',
        url,
        headers: {
          'idempotency-key': `guard-${Math.random()}`,
          ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
        },
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
      });
      if (res.statusCode !== 401) unguarded.push(`${name} -> ${res.statusCode}`);
    }
    expect(unguarded).toEqual([]);
  });

  it('names only routes that exist as public', () => {
    const names = new Set(operations.map((o) => `${o.method} ${o.path}`));
    expect([...PUBLIC].filter((p) => !names.has(p))).toEqual([]);
  });
});
