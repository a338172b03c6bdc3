/**
 * `carnival/client`, the generated SDK: the committed files are what the server's document makes
 * today (a stale client fails here and in `npm run typecheck`), and a package that depends on
 * Carnival imports it with plain `node` and calls a real server with it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_OUT, generateClient } from '../scripts/build-client';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { createHarness, type Harness } from './support/harness';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');

describe('carnival/client', () => {
  let h: Harness;
  let base: string;
  let scratch: string;

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open());
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    scratch = mkdtempSync(join(tmpdir(), 'carnival-client-'));
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

  it('is generated from the server as it is now (run `npm run build:client` when this fails)', async () => {
    const files = await generateClient();
    for (const [name, text] of Object.entries(files)) {
      expect(readFileSync(join(CLIENT_OUT, name), 'utf8') === text, `client/${name} is stale`).toBe(true);
    }
  }, 120_000);

  it('works from plain node in a package that depends on Carnival', async () => {
    const script = `
      import { createCarnivalClient, newIdempotencyKey } from 'carnival/client';
      const carnival = createCarnivalClient({ baseUrl: ${JSON.stringify(base)} });
      const time = await carnival.GET('/api/time');
      const missing = await carnival.GET('/api/campaigns/{id}', { params: { path: { id: 'no-such-event' } } });
      console.log(JSON.stringify({ status: time.response.status, epochMs: time.data.epochMs,
        refused: missing.response.status, code: missing.error?.error?.code, key: newIdempotencyKey().length }));
    `;
    writeFileSync(join(scratch, 'main.mjs'), script);
    const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: scratch });
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ status: 200, refused: 404, code: 'NOT_FOUND', key: 36 });
    expect(typeof out.epochMs).toBe('number');
  });
});
