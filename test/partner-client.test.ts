/**
 * A partner's integration, as docs/partners.md "Typed client" walks it: a package that depends on
 * Carnival imports `carnival/client` with plain `node`, and with a scoped API key, against a real
 * server on loopback, it reads, subscribes a webhook endpoint with an Idempotency-Key, retries
 * that POST with the same key and gets the first answer (the same endpoint, the same secret), and
 * is refused a route outside its scopes with the ApiError envelope naming the scope it lacks.
 * The section's TypeScript examples are type-checked against the package's types too.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { userWithKey } from './support/api-keys';
import { createHarness, type Harness } from './support/harness';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');

/** The partner's program: what docs/partners.md shows, printing what the test checks. */
const partnerProgram = (baseUrl: string, apiKey: string, receiverUrl: string) => `
  import { createCarnivalClient, newIdempotencyKey } from 'carnival/client';

  const carnival = createCarnivalClient({ baseUrl: ${JSON.stringify(baseUrl)}, apiKey: ${JSON.stringify(apiKey)} });

  // A read (webhooks:read).
  const types = await carnival.GET('/api/webhooks/event-types');

  // An idempotent POST (webhooks:write): one key for one intent, reused on the retry.
  const key = newIdempotencyKey();
  const subscribe = () =>
    carnival.POST('/api/webhooks/endpoints', {
      body: { url: ${JSON.stringify(receiverUrl)}, eventTypes: ['order.paid', 'campaign.published'] },
      headers: { 'Idempotency-Key': key },
    });
  const first = await subscribe();
  const retry = await subscribe();
  const listed = await carnival.GET('/api/webhooks/endpoints');

  // A route outside the key's scopes: the ApiError envelope.
  const refused = await carnival.GET('/api/campaigns');

  console.log(JSON.stringify({
    read: { status: types.response.status, types: types.data.items },
    first: { status: first.response.status, id: first.data.endpoint.id, secret: first.data.secret },
    retry: {
      status: retry.response.status,
      id: retry.data.endpoint.id,
      secret: retry.data.secret,
      replayed: retry.response.headers.get('idempotent-replayed'),
    },
    listed: listed.data.items.map((e) => e.id),
    refused: { status: refused.response.status, error: refused.error },
  }));
`;

describe('a partner on the typed client (carnival/client)', () => {
  let h: Harness;
  let base: string;
  let scratch: string;

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open(), '2026-11-01T00:00:00Z', {
      webhooksAllowPrivate: true,
    });
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    scratch = mkdtempSync(join(tmpdir(), 'carnival-partner-'));
    mkdirSync(join(scratch, 'node_modules'));
    symlinkSync(root, join(scratch, 'node_modules', 'carnival'), 'dir');
    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify({ type: 'module', dependencies: { carnival: '*' } }),
    );
  });
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await h.close();
  });

  it('reads, subscribes once under one Idempotency-Key, and is told the scope it lacks', async () => {
    const partner = await userWithKey(h, 'partner', { scopes: ['webhooks:read', 'webhooks:write'] });
    // Nothing listens here: subscribing does not call the URL (deliveries are not part of this test).
    const receiver = 'http://127.0.0.1:9/partner/hooks';
    writeFileSync(join(scratch, 'partner.mjs'), partnerProgram(base, partner.key, receiver));
    const { stdout } = await run(process.execPath, ['partner.mjs'], { cwd: scratch });
    const out = JSON.parse(stdout);

    expect(out.read.status).toBe(200);
    expect(out.read.types).toContain('order.paid');

    expect(out.first).toMatchObject({ status: 201, id: expect.stringMatching(/^whk_/) });
    expect(out.first.secret).toMatch(/^whsec_/);
    expect(out.retry).toEqual({ status: 201, id: out.first.id, secret: out.first.secret, replayed: 'true' });
    expect(out.listed).toEqual([out.first.id]);

    expect(out.refused.status).toBe(403);
    expect(out.refused.error).toEqual({
      error: {
        code: 'INSUFFICIENT_SCOPE',
        message: expect.stringContaining('campaigns:read'),
        details: expect.objectContaining({ requiredScope: 'campaigns:read' }),
      },
    });
  });
  it('type-checks the examples of docs/partners.md "Typed client" against carnival/client', () => {
    const doc = readFileSync(join(root, 'docs/partners.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Typed client'), doc.indexOf('## Webhooks'));
    const blocks = [...section.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    // One module, as a partner would paste them in order; it imports `carnival/client` from the
    // scratch package, so the types are the published entry's (package.json exports).
    const file = join(scratch, 'docs-example.ts');
    writeFileSync(file, `${blocks.join('\n')}\nexport {};\n`);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  }, 60_000);
});
