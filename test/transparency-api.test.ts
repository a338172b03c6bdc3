/**
 * The public transparency API (issue 10, item 4): anonymous reads of checkpoints, the key, entries,
 * receipts and consistency proofs, every answer checked with `carnival/verify` as an auditor would,
 * and every refusal with its code and field. Rate-limited per IP (transparencyPerIp).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogName } from '../src/modules/transparency';
import { testDatabaseTargets } from '../src/platform/db/testing';
import {
  leafHash,
  type Receipt,
  rootHash,
  verifyCheckpoint,
  verifyConsistency,
  verifyReceipt,
} from '../src/verify';
import { createHarness, errorOf, type Harness } from './support/harness';
import { expectRateLimited, pglite } from './support/limit-asserts';

const base = '/api/transparency/donations';

describe('the public transparency API', () => {
  let h: Harness;
  let key: string;
  let firstSize: number;
  const get = (url: string, ip = '127.0.0.1') => h.app.inject({ method: 'GET', url, remoteAddress: ip });
  const append = (log: LogName, record: Record<string, string | number>) =>
    h.ctx.db.transaction().execute((trx) => h.services.transparency.append(trx, log, record));

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open());
    for (let i = 0; i < 3; i++)
      await append('donations', { kind: 'donation', amount: 100 + i, order: `ord_${i}` });
    firstSize = (await h.services.transparency.publish('donations')).size;
    for (let i = 3; i < 7; i++)
      await append('donations', { kind: 'donation', amount: 100 + i, order: `ord_${i}` });
    await h.services.transparency.publish('donations');
    key = (await get(`${base}/key`)).json().verifierKey;
  });
  afterAll(() => h.close());

  it('publishes the signing key with its id and raw key', async () => {
    const res = await get(`${base}/key`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ log: 'donations', algorithm: 'Ed25519', keyName: 'carnival-transparency' });
    expect(body.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(body.verifierKey).toBe(
      `${body.keyName}+${body.keyId}+${Buffer.concat([Buffer.of(1), Buffer.from(body.publicKey, 'base64')]).toString('base64')}`,
    );
  });

  it('serves the latest checkpoint as JSON and as its signed note, which verifies with the key', async () => {
    const json = await get(`${base}/checkpoint`);
    expect(json.statusCode).toBe(200);
    const cp = json.json();
    expect(cp).toMatchObject({ log: 'donations', size: 7 });
    const text = await get(`${base}/checkpoint.txt`);
    expect(text.statusCode).toBe(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.body).toBe(cp.note);
    const opened = verifyCheckpoint(text.body, key, cp.origin);
    if (!opened.ok) throw new Error(opened.reason);
    expect(opened.checkpoint).toMatchObject({ size: 7, rootHash: cp.rootHash });
  });

  it('lists the published checkpoints, smallest first, paged', async () => {
    const first = (await get(`${base}/checkpoints?limit=1`)).json();
    expect(first.checkpoints.map((c: { size: number }) => c.size)).toEqual([firstSize]);
    expect(first.next).toBe(7);
    const rest = (await get(`${base}/checkpoints?from=${first.next}`)).json();
    expect(rest).toMatchObject({ next: null, checkpoints: [{ size: 7 }] });
    expect(verifyCheckpoint(rest.checkpoints[0].note, key).ok).toBe(true);
  });

  it('an empty log has a signed checkpoint of size 0', async () => {
    const res = await get('/api/transparency/provenance/checkpoint');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ log: 'provenance', size: 0, rootHash: rootHash([]) });
  });

  it('pages the entries in order; their records hash to their leaves and the leaves to the root', async () => {
    const seen: { index: number; leafHash: string; record: string; decoded: Record<string, unknown> }[] = [];
    let from: number | null = 0;
    while (from !== null) {
      const res = await get(`${base}/entries?from=${from}&limit=3`);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.size).toBe(7);
      seen.push(...page.entries);
      from = page.next;
    }
    expect(seen.map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const e of seen) {
      const bytes = Buffer.from(e.record, 'base64');
      expect(leafHash(bytes)).toBe(e.leafHash);
      expect(JSON.parse(bytes.toString('utf8'))).toEqual(e.decoded);
    }
    const cp = (await get(`${base}/checkpoint`)).json();
    expect(rootHash(seen.map((e) => e.leafHash))).toBe(cp.rootHash);
    const past = await get(`${base}/entries?from=50`);
    expect(past.json()).toMatchObject({ entries: [], next: null, size: 7 });
  });

  it('serves one entry, immutable', async () => {
    const res = await get(`${base}/entries/2`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ index: 2, decoded: { amount: 102, order: 'ord_2' } });
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('gives a receipt that verifies offline, against the latest or a given checkpoint', async () => {
    const latest = await get(`${base}/entries/1/receipt`);
    expect(latest.statusCode).toBe(200);
    const r = latest.json() as Receipt;
    expect(r.treeSize).toBe(7);
    expect(verifyReceipt(r, key)).toMatchObject({ ok: true });
    const older = (await get(`${base}/entries/1/receipt?size=${firstSize}`)).json() as Receipt;
    expect(older.treeSize).toBe(firstSize);
    expect(verifyReceipt(older, key).ok).toBe(true);
  });

  it('proves consistency between two sizes', async () => {
    const res = await get(`${base}/consistency?from=${firstSize}&to=7`);
    expect(res.statusCode).toBe(200);
    const { proof } = res.json();
    const cps = await Promise.all(
      [firstSize, 7].map((size) => h.services.transparency.checkpointAt('donations', size)),
    );
    expect(
      verifyConsistency({
        oldSize: firstSize,
        newSize: 7,
        oldRoot: cps[0]!.rootHash,
        newRoot: cps[1]!.rootHash,
        proof,
      }),
    ).toBe(true);
  });

  const refused = (res: LightMyRequestResponse, status: number, code: string, field?: string) => {
    expect(res.statusCode, res.body).toBe(status);
    const error = errorOf(res);
    expect(error.code).toBe(code);
    if (field) expect(error.details?.field).toBe(field);
  };

  it('answers 404 LOG_NOT_FOUND for a log that does not exist, on every route', async () => {
    for (const path of [
      'checkpoint',
      'checkpoint.txt',
      'checkpoints',
      'key',
      'entries',
      'entries/0',
      'entries/0/receipt',
      'consistency?from=0&to=0',
    ]) {
      refused(await get(`/api/transparency/nope/${path}`), 404, 'LOG_NOT_FOUND', 'log');
    }
  });

  it('answers 404 ENTRY_NOT_FOUND for an index past the end', async () => {
    refused(await get(`${base}/entries/7`), 404, 'ENTRY_NOT_FOUND', 'index');
    refused(await get(`${base}/entries/99/receipt`), 404, 'ENTRY_NOT_FOUND', 'index');
  });

  it('refuses a receipt against a checkpoint that does not exist or does not hold the entry', async () => {
    refused(await get(`${base}/entries/1/receipt?size=5`), 404, 'CHECKPOINT_NOT_FOUND', 'size');
    refused(await get(`${base}/entries/5/receipt?size=${firstSize}`), 409, 'ENTRY_NOT_IN_CHECKPOINT', 'size');
  });

  it('refuses a consistency proof past the log or with reversed sizes', async () => {
    refused(await get(`${base}/consistency?from=2&to=8`), 409, 'SIZE_BEYOND_LOG', 'to');
    refused(await get(`${base}/consistency?from=5&to=2`), 400, 'BAD_REQUEST', 'from');
  });

  it('answers 400 naming the field for numbers that are not counts', async () => {
    refused(await get(`${base}/entries?from=abc`), 400, 'VALIDATION_FAILED', 'from');
    refused(await get(`${base}/entries?limit=0`), 400, 'VALIDATION_FAILED', 'limit');
    refused(await get(`${base}/entries?limit=5000`), 400, 'VALIDATION_FAILED', 'limit');
    refused(await get(`${base}/entries/-1`), 400, 'VALIDATION_FAILED', 'index');
    refused(await get(`${base}/entries/1.5`), 400, 'VALIDATION_FAILED', 'index');
    refused(await get(`${base}/entries/1/receipt?size=x`), 400, 'VALIDATION_FAILED', 'size');
    refused(await get(`${base}/consistency?from=1`), 400, 'VALIDATION_FAILED', 'to');
  });
});

describe('the transparency API rate limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await pglite(), '2026-11-01T00:00:00Z', {
      limits: { transparencyPerIp: { max: 3, windowSeconds: 60 } },
    });
  });
  afterAll(() => h.close());

  it('counts every read per IP and refuses the one over the limit with 429', async () => {
    const get = (ip: string) => h.app.inject({ method: 'GET', url: `${base}/checkpoint`, remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await get('198.51.100.7')).statusCode).toBe(200);
    expectRateLimited(await get('198.51.100.7'), 3, 'transparencyPerIp');
    expect((await get('198.51.100.8')).statusCode).toBe(200);
    h.clock.advance(61_000);
    expect((await get('198.51.100.7')).statusCode).toBe(200);
  });
});
