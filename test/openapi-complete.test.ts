/**
 * The OpenAPI document is the contract the generated client (client/) is made from, so it must
 * describe every answer: each operation declares a success response with a schema (or a 204),
 * and every schema it names is registered. The answers themselves are checked against those
 * schemas on every request of every route test: the zod serializer refuses a mismatch with a
 * 500 RESPONSE_INVALID naming the field (platform/http/error-handler.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { createHarness, type Harness } from './support/harness';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

describe('the OpenAPI document', () => {
  let h: Harness;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown> };
  };

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open());
    doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json();
  });
  afterAll(() => h.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .filter(() => !path.startsWith('/docs') && !path.startsWith('/sandbox-gateway/'))
        .map(([m, op]) => ({ name: `${m.toUpperCase()} ${path}`, op })),
    );

  const documentsSuccess = (op: Operation) =>
    Object.entries(op.responses ?? {}).some(
      ([status, r]) =>
        status === '204' ||
        (/^[23]/.test(status) && Object.values(r.content ?? {}).some((media) => media.schema !== undefined)),
    );

  it('declares a success schema for every operation', () => {
    const missing = operations()
      .filter(({ op }) => !documentsSuccess(op))
      .map(({ name }) => name);
    expect(missing, 'operations without a documented success answer').toEqual([]);
  });

  it('documents every failure as the error envelope', () => {
    for (const { name, op } of operations()) {
      const fourXX = op.responses?.['4XX']?.content?.['application/json']?.schema;
      expect(fourXX, name).toEqual({ $ref: '#/components/schemas/ApiError' });
    }
    expect(doc.components.schemas.ApiError).toBeDefined();
  });

  it('resolves every $ref to a registered component', () => {
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z0-9_]+/g) ?? [];
    const dangling = [...new Set(refs)].filter((r) => !(r.split('/').pop()! in doc.components.schemas));
    expect(dangling).toEqual([]);
  });
});
