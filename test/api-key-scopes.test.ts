/**
 * Every route declares the scope an API key needs (issue 13, item 2), and the declaration holds:
 * walked over the OpenAPI document the server publishes (each operation names its scope in
 * `x-carnival-scope`), every scoped route answers a key lacking its scope 403 INSUFFICIENT_SCOPE
 * naming it, and a key holding only that scope is not refused for its scope. Session-only routes
 * refuse every key; unscoped ones refuse none for scope reasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScope, SCOPE_EXTENSION, SCOPE_NAMES, type Scope } from '../src/platform/auth';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { keyFor } from './support/api-keys';
import { createHarness, errorOf, type Harness } from './support/harness';

interface Operation {
  method: string;
  path: string;
  scope: string | undefined;
}

describe('API key scopes', () => {
  let h: Harness;
  let operations: Operation[] = [];
  let operator: { userId: string; email: string; role: 'operator' };

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open());
    const doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([m, op]) => ({
          method: m.toUpperCase(),
          path,
          scope: op[SCOPE_EXTENSION] as string | undefined,
        })),
    );
    operator = { ...(await h.signIn('operator')), role: 'operator' };
  });
  afterAll(() => h.close());

  const call = (op: Operation, key: string) =>
    h.app.inject({
      method: op.method as 'GET',
      url: op.path.replace(/\{[^}]+\}/g, 'x_1'),
      headers: {
        authorization: `Bearer ${key}`,
        'idempotency-key': `scope-${Math.random()}`,
        ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
      },
      ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: '{}' }),
    });

  const api = () => operations.filter((o) => o.path.startsWith('/api/'));

  it('finds a declared scope on every /api operation in the document', () => {
    expect(api().length).toBeGreaterThan(100);
    const undeclared = api().filter(
      (o) => !(o.scope === 'session-only' || o.scope === 'unscoped' || isScope(o.scope)),
    );
    expect(undeclared).toEqual([]);
  });

  it('refuses a key without the scope (403 naming it) and lets one with it past the scope check', async () => {
    const keys = new Map<Scope, { without: string; only: string }>();
    for (const scope of SCOPE_NAMES) {
      const without = await keyFor(h, operator, { scopes: SCOPE_NAMES.filter((s) => s !== scope) });
      const only = await keyFor(h, operator, { scopes: [scope] });
      keys.set(scope, { without: without.key, only: only.key });
    }
    const wrong: string[] = [];
    let checked = 0;
    for (const op of api().filter((o) => isScope(o.scope))) {
      const scope = op.scope as Scope;
      const name = `${op.method} ${op.path}`;
      const refused = await call(op, keys.get(scope)!.without);
      const error = refused.statusCode === 403 ? errorOf(refused) : undefined;
      if (
        error?.code !== 'INSUFFICIENT_SCOPE' ||
        (error.details as { requiredScope?: string }).requiredScope !== scope
      )
        wrong.push(`${name} without ${scope} -> ${refused.statusCode} ${refused.body.slice(0, 120)}`);
      const allowed = await call(op, keys.get(scope)!.only);
      if (
        allowed.statusCode === 403 &&
        ['INSUFFICIENT_SCOPE', 'SESSION_REQUIRED'].includes(errorOf(allowed).code)
      )
        wrong.push(`${name} with ${scope} -> ${allowed.body.slice(0, 120)}`);
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(90);
  });

  it('refuses every key on session-only routes, whatever its scopes, and none on unscoped ones', async () => {
    const all = await keyFor(h, operator, { scopes: [...SCOPE_NAMES] });
    const wrong: string[] = [];
    for (const op of api().filter((o) => o.scope === 'session-only')) {
      const res = await call(op, all.key);
      if (res.statusCode !== 403 || errorOf(res).code !== 'SESSION_REQUIRED')
        wrong.push(`${op.method} ${op.path} -> ${res.statusCode}`);
    }
    const one = await keyFor(h, operator, { scopes: ['audit:read'] });
    for (const op of api().filter((o) => o.scope === 'unscoped')) {
      const res = await call(op, one.key);
      if (res.statusCode === 403 && ['INSUFFICIENT_SCOPE', 'SESSION_REQUIRED'].includes(errorOf(res).code))
        wrong.push(`${op.method} ${op.path} -> ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('leaves sessions unscoped: a session reaches a scoped route it has the role for', async () => {
    const res = await h.app.inject({
      url: '/api/admin/audit',
      headers: { cookie: (await h.signIn('operator')).cookie },
    });
    expect(res.statusCode).toBe(200);
  });
});
