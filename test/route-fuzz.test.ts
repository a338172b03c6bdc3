/**
 * Every route, from the outside, with hostile input. The walk reads the OpenAPI document the
 * server publishes, so a route added tomorrow is walked too. It runs on a database holding the
 * whole demo year, so a path's `{id}` is a real row where the path names a kind of thing we can
 * find (an order, a ticket type, a check-in list...), and a handler is reached past its lookups.
 *
 * Each operation is called by an operator (who reaches deepest), a consumer, the demo merchant
 * and the demo organizer with a body (and query) made from its own schema, then with that input
 * spoiled: a NUL in each string, a string far over any limit, numbers out of range, fractions
 * where integers go, wrong types, an array for the body. Whatever a route refuses, it must refuse
 * with a 4xx. A 5xx (other than the named overload answers) is a bug this file exists to find.
 *
 * `FUZZ_REPORT=/tmp/fuzz.json` writes the answers by status and code, and the operations whose
 * own sample was refused as invalid (those are walked less deeply: improve the sample there).
 */
import { writeFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/seed';
import { actor } from './support/checkout-fixtures';
import { createHarness, type Harness, testDatabaseTargets } from './support/harness';
import { type JsonSchema, mutationsOf, type Operation, operationsOf } from './support/route-fuzz';

/** 503s that are answers, not failures: a saturated pool or a busy hasher says so and is retried. */
const OVERLOAD_CODES = new Set(['DATABASE_UNAVAILABLE', 'LOGIN_BUSY', 'BUSY', 'SLOT_WARMING']);

/** Routes that end the caller's own session or credentials: walked last, by a throw-away caller. */
const ENDS_SESSION = /^(POST \/api\/auth\/logout|POST \/api\/me\/password|DELETE \/api\/me\/sessions)/;

/** The kind of id a path segment names, by the id's prefix (src/platform/ids.ts). */
const PREFIX_OF_SEGMENT: Record<string, string> = {
  campaigns: 'cmp',
  events: 'cmp',
  screen: 'cmp',
  series: 'ser',
  stores: 'str',
  products: 'prd',
  skus: 'sku',
  orders: 'ord',
  'sub-orders': 'sub',
  refunds: 'rfd',
  nominations: 'nom',
  enrollments: 'enr',
  promotions: 'prm',
  coupons: 'cpn',
  'flash-sales': 'fsl',
  reservations: 'fsr',
  endpoints: 'whk',
  deliveries: 'whd',
  keys: 'key',
  'api-keys': 'key',
  users: 'usr',
  members: 'usr',
  'checkin-staff': 'usr',
  addresses: 'adr',
  'top-ups': 'tpu',
  charities: 'chr',
  projects: 'cpj',
  'charity-projects': 'cpj',
  donations: 'don',
  tickets: 'tkt',
  'ticket-types': 'ttp',
  'ticket-quotas': 'tqu',
  'ticket-holds': 'thd',
  waitlist: 'twl',
  'checkin-lists': 'ckl',
  invitations: 'inv',
  'store-invitations': 'inv',
};

/** Body fields whose stem is not a path segment's name. */
const FIELD_PREFIX: Record<string, string> = {
  campaign: 'cmp',
  event: 'cmp',
  type: 'ttp',
  quota: 'tqu',
  list: 'ckl',
  slot: 'fsl',
  hold: 'thd',
  project: 'cpj',
  charity: 'chr',
  address: 'adr',
  customer: 'usr',
  user: 'usr',
  owner: 'usr',
  subOrder: 'sub',
  reservation: 'fsr',
  endpoint: 'whk',
};

/** Counters that say whether this call counted (a visitor is counted once): not replays by design. */
const COUNTERS = new Set(['POST /api/campaigns/{id}/views', 'POST /api/analytics/visits']);

/**
 * The answer without its stamps: a PUT that sets the same state twice (a store's rating) moves no
 * money and may stamp its own time and version; the state it answers must still be the same.
 */
const withoutTimes = (body: string): string => {
  try {
    return JSON.stringify(JSON.parse(body), (k, v) => (/At$/.test(k) || k === 'version' ? undefined : v));
  } catch {
    return body;
  }
};

interface Caller {
  name: string;
  email: string;
  cookie: string;
}

describe('route fuzz: no input produces a 5xx', () => {
  let h: Harness;
  let operations: Operation[] = [];
  const idsByPrefix = new Map<string, string[]>();
  const callers: Caller[] = [];
  let traceCode = 'x';
  let ledgerAccount = 'x';

  const login = async (email: string, password = DEMO_PASSWORD): Promise<string> => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
    return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  };

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open(), '2026-12-02T04:30:00Z');
    const operator = await h.signIn('operator');
    await seedDemo(h.ctx, h.services, actor(operator.userId, 'operator'));
    const doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
      components?: { schemas?: Record<string, JsonSchema> };
    };
    operations = operationsOf(doc);

    // Real ids of every kind, from every table with a text id column.
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.columns
      WHERE column_name = 'id' AND data_type = 'text' AND table_schema = current_schema()`.execute(h.ctx.db);
    for (const { table_name } of tables.rows) {
      const rows = await sql<{
        id: string;
      }>`SELECT id FROM ${sql.table(table_name)} ORDER BY id LIMIT 3`.execute(h.ctx.db);
      for (const { id } of rows.rows) {
        const prefix = id.split('_')[0]!;
        idsByPrefix.set(prefix, [...(idsByPrefix.get(prefix) ?? []), id]);
      }
    }
    const code = await sql<{ code: string }>`SELECT code FROM trace_codes LIMIT 1`.execute(h.ctx.db);
    traceCode = code.rows[0]?.code ?? 'x';
    const account = await sql<{ code: string }>`SELECT code FROM ledger_accounts LIMIT 1`
      .execute(h.ctx.db)
      .catch(() => ({ rows: [] as { code: string }[] }));
    ledgerAccount = account.rows[0]?.code ?? 'x';

    callers.push({ name: 'operator', email: operator.email, cookie: operator.cookie });
    for (const email of ['consumer@carnival.local', 'merchant@carnival.local', 'organizer@carnival.local']) {
      callers.push({ name: email.split('@')[0]!, email, cookie: await login(email) });
    }
  }, 600_000);
  afterAll(() => h?.close());

  const valueOfParam = (path: string, name: string): string => {
    const segments = path.split('/');
    const at = segments.indexOf(`{${name}}`);
    const before = segments[at - 1] ?? '';
    if (name === 'log') return 'donations';
    if (name === 'index') return '0';
    if (name === 'gateway') return 'sandbox';
    if (name === 'code' && before === 'trace') return traceCode;
    if (name === 'code') return ledgerAccount;
    const prefix = PREFIX_OF_SEGMENT[before];
    return (prefix && idsByPrefix.get(prefix)?.[0]) || 'x_1';
  };

  /** `storeId` → a store's id: the field's stem names the kind, as a path segment would. */
  const idForField = (field: string): string | undefined => {
    const stem = field.replace(/Id$/, '');
    const prefix = FIELD_PREFIX[stem] ?? PREFIX_OF_SEGMENT[`${stem}s`];
    return prefix ? idsByPrefix.get(prefix)?.[0] : undefined;
  };

  const call = (
    op: Operation,
    url: string,
    cookie: string | null,
    body: unknown,
  ): Promise<LightMyRequestResponse> =>
    h.app.inject({
      method: op.method as 'GET',
      url,
      headers: {
        'idempotency-key': `fuzz-${Math.random().toString(36).slice(2)}`,
        ...(cookie ? { cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  const isFailure = (res: LightMyRequestResponse): boolean => {
    if (res.statusCode < 500) return false;
    if (res.statusCode !== 503) return true;
    try {
      return !OVERLOAD_CODES.has((res.json() as { error?: { code?: string } }).error?.code ?? '');
    } catch {
      return true;
    }
  };

  it('walks every operation of the API', () => {
    expect(operations.length).toBeGreaterThan(150);
    // The walk reaches real rows: the kinds most routes name are all found.
    for (const p of ['cmp', 'str', 'prd', 'sku', 'ord', 'tkt', 'ttp', 'ckl', 'cpj']) {
      expect(idsByPrefix.get(p)?.length ?? 0, p).toBeGreaterThan(0);
    }
  });

  it('answers every spoiled input with a 4xx, for every caller', async () => {
    const failures: string[] = [];
    let calls = 0;
    const statuses = new Map<number, number>();
    const codes = new Map<string, number>();
    const shallow: string[] = [];
    const ordered = [...operations].sort(
      (a, b) => Number(ENDS_SESSION.test(a.name)) - Number(ENDS_SESSION.test(b.name)),
    );
    for (const op of ordered) {
      if (op.path.startsWith('/docs') || op.path.startsWith('/sandbox-gateway/')) continue;
      // The server's own event stream never ends: its headers are all a walk can read.
      if (op.path.endsWith('/stream')) continue;
      const url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
        encodeURIComponent(valueOfParam(op.path, name)),
      );
      for (const caller of callers) {
        const cookie = ENDS_SESSION.test(op.name)
          ? await login(caller.email, caller.name === 'operator' ? 'password-123' : DEMO_PASSWORD)
          : caller.cookie;
        for (const m of mutationsOf(op, idForField)) {
          const query = m.query ? `?${new URLSearchParams(m.query).toString()}` : '';
          const res = await call(op, url + query, cookie, m.body);
          calls++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (process.env.FUZZ_REPORT && res.statusCode >= 400) {
            const code = `${caller.name} ${res.statusCode} ${(res.json() as { error?: { code?: string } }).error?.code}`;
            codes.set(code, (codes.get(code) ?? 0) + 1);
            if (m.name === 'sample' && caller.name === 'operator' && res.statusCode === 400)
              shallow.push(`${op.name} ${res.body.slice(0, 200)}`);
          }
          if (isFailure(res))
            failures.push(
              `${op.name} [${m.name}] as ${caller.name} -> ${res.statusCode} ${res.body.slice(0, 240)}`,
            );
        }
      }
    }
    if (process.env.FUZZ_REPORT) {
      const report = {
        calls,
        statuses: [...statuses],
        codes: [...codes].sort((a, b) => b[1] - a[1]),
        shallow,
      };
      writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(report, null, 1));
    }
    expect(calls).toBeGreaterThan(1000);
    // Past the gates: many spoiled inputs reach a handler that answers on its own terms.
    expect((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0)).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  }, 900_000);

  it('answers twelve parallel writes under one Idempotency-Key with one answer', async () => {
    const operator = callers[0]!;
    const split: string[] = [];
    let walked = 0;
    for (const op of operations) {
      if (op.method === 'GET' || op.method === 'DELETE' || ENDS_SESSION.test(op.name)) continue;
      if (
        op.path.startsWith('/docs') ||
        op.path.startsWith('/sandbox-gateway/') ||
        op.path.includes('/auth/')
      )
        continue;
      const url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
        encodeURIComponent(valueOfParam(op.path, name)),
      );
      const sample = mutationsOf(op, idForField)[0]!;
      const query = sample.query ? `?${new URLSearchParams(sample.query).toString()}` : '';
      const key = `fuzz-parallel-${Math.random().toString(36).slice(2)}`;
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          h.app.inject({
            method: op.method as 'POST',
            url: url + query,
            headers: {
              'idempotency-key': key,
              cookie: operator.cookie,
              ...(sample.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(sample.body === undefined ? {} : { payload: JSON.stringify(sample.body) }),
          }),
        ),
      );
      walked++;
      const settled = answers.filter(
        (a) => !(a.statusCode === 409 && a.body.includes('IDEMPOTENCY_IN_PROGRESS')) && a.statusCode !== 429,
      );
      if (COUNTERS.has(op.name)) continue;
      const distinct = new Set(settled.map((a) => `${a.statusCode} ${withoutTimes(a.body)}`));
      if (distinct.size > 1 || answers.some(isFailure))
        split.push(`${op.name}: ${[...distinct].map((d) => d.slice(0, 160)).join(' | ')}`);
    }
    expect(walked).toBeGreaterThan(80);
    expect(split).toEqual([]);
  }, 900_000);
});
