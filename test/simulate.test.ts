import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScreen } from '../src/cli/screen';
import { parseDuration, runSimulate, simulate } from '../src/cli/simulate';
import { isLoopback, Tally } from '../src/cli/simulate-http';
import { verifyCampaign } from '../src/modules/analytics';
import { startServer } from '../src/server';

/** `carnival simulate` against the real server started in-process on the embedded demo year. */
describe('carnival simulate', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'carnival-simulate-'));
    server = await startServer(
      {
        port: 0,
        dataDir,
        seedDemo: true,
        logLevel: 'silent',
        adminPassword: 'simulate-operator-pass-1',
      },
      // The embedded default on its own folder, never the DATABASE_URL the contract suites use.
      { env: {} },
    );
  }, 120_000);

  let closed = false;
  afterAll(async () => {
    if (!closed) await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('plays shoppers who browse, check out and pay on the live festival, every answer counted', async () => {
    // Ended by the order cap, not the clock: sign-ups hash passwords (seconds on a busy machine),
    // so a short duration could end before anyone reached the checkout. The seed fixes the
    // shoppers' choices.
    const summary = await simulate({
      url: server.url,
      shoppers: 3,
      durationMs: 90_000,
      rate: 60,
      refundShare: 0.5,
      maxOrdersPerShopper: 2,
      progress: false,
      seed: 16,
    });
    expect(summary.campaignId).toMatch(/./);
    expect(summary.orders.placed).toBeGreaterThan(0);
    expect(summary.orders.paid).toBeGreaterThan(0);
    expect(summary.outcomes['5xx']).toBe(0);
    const counted = Object.values(summary.outcomes).reduce((a, b) => a + b, 0);
    expect(counted).toBe(summary.requests);
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p50);
    // Bounded: every shopper stopped at the order cap, well before the deadline.
    expect(summary.elapsedMs).toBeLessThan(90_000);
    // The screen came alive and equals the orders once the last events are through.
    const v = () => verifyCampaign(server.ctx.db, summary.campaignId!);
    await expect.poll(async () => (await v()).equal, { timeout: 15_000 }).toBe(true);
    expect((await v()).screen.orders).toBeGreaterThanOrEqual(summary.orders.paid);
  }, 150_000);

  it('prints a summary with outcomes and latency percentiles', async () => {
    let text = '';
    const out = new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    });
    const code = await runSimulate(
      ['--url', server.url, '--shoppers', '2', '--duration', '2s', '--rate', '40', '--no-progress'],
      out,
      out,
    );
    expect(code).toBe(0);
    expect(text).toMatch(/2xx \d+/);
    expect(text).toMatch(/p50 [\d.]+ ms {2}p95 [\d.]+ ms {2}p99 [\d.]+ ms/);
  }, 60_000);

  it("carnival screen verify on the stopped server's data folder: screen equal to the orders", async () => {
    const live = await fetch(`${server.url}/api/campaigns?kind=shopping_festival&status=live&limit=5`);
    const slug = ((await live.json()) as { items: { slug: string }[] }).items[0]!.slug;
    await new Promise((r) => setTimeout(r, 1000)); // the last events through the relay
    await server.close();
    closed = true;
    let text = '';
    const out = new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    });
    const code = await runScreen(['verify', '--campaign', slug, '--data-dir', dataDir], out, out);
    expect(text).toMatch(/GMV ¥[\d.]+ on the screen, ¥[\d.]+ in the orders: equal/);
    expect(code).toBe(0);
    expect(await runScreen(['verify'], out, out)).toBe(2);
  }, 60_000);
});

describe('carnival simulate refusals', () => {
  const run = async (args: string[]) => {
    let err = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        err += String(chunk);
        done();
      },
    });
    return { code: await runSimulate(args, sink, sink), err };
  };

  it.each([
    [['--shoppers', '0'], '--shoppers'],
    [['--shoppers', '100000'], '--shoppers'],
    [['--rate', '-1'], '--rate'],
    [['--duration', 'forever'], '--duration'],
    [['--duration', '5h'], '--duration'],
    [['--refunds', '2'], '--refunds'],
    [['--bogus'], 'bogus'],
  ])('refuses %j', async (args, named) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toContain(named);
  });

  it('parses durations and tells loopback from other hosts', () => {
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('x')).toBeNull();
    expect(isLoopback(new URL('http://127.0.0.1:3000'))).toBe(true);
    expect(isLoopback(new URL('http://localhost:3000'))).toBe(true);
    expect(isLoopback(new URL('http://example.com'))).toBe(false);
  });

  it('keeps a bounded latency sample and exact outcome counts', () => {
    const t = new Tally();
    for (let i = 0; i < Tally.RESERVOIR + 1000; i++) t.record(i % 10 === 0 ? 409 : 200, i % 100);
    t.record(429, 1);
    t.record(503, 1);
    t.record(500, 1);
    t.record(0, 1);
    expect(t.outcomes['409']).toBe((Tally.RESERVOIR + 1000) / 10);
    expect(t.outcomes['429']).toBe(1);
    expect(t.outcomes['503']).toBe(1);
    expect(t.outcomes['5xx']).toBe(1);
    expect(t.outcomes.network).toBe(1);
    expect(t.total).toBe(Tally.RESERVOIR + 1004);
    expect(t.percentile(50)).toBeGreaterThan(30);
    expect(t.percentile(50)).toBeLessThan(70);
  });
});
