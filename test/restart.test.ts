import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server';

/** A restart on the embedded default keeps every event, account and view count. */
describe('restart on the embedded PGlite data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'carnival-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps events, accounts, sessions and view counts', async () => {
    const first = await startServer(
      { port: 0, dataDir, logLevel: 'silent', adminPassword: 'operator-pass-1' },
      { env: {} },
    );
    let cookie: string;
    let viewCount: number;
    let visitor: string;
    let total: number;
    try {
      expect(first.bootstrap).toEqual({ email: 'admin@carnival.local', oneTimePassword: undefined });
      const login = await first.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'admin@carnival.local', password: 'operator-pass-1' },
      });
      cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const created = await first.app.inject({
        method: 'POST',
        url: '/api/campaigns',
        headers: { cookie },
        payload: {
          slug: 'restart-check',
          kind: 'public_welfare',
          audiences: ['institutions'],
          title: { 'zh-CN': '重启检查', 'en-US': 'Restart check' },
          organizer: { name: 'QA' },
          startsAt: '2030-01-01T00:00:00+08:00',
          endsAt: '2030-01-02T00:00:00+08:00',
        },
      });
      expect(created.statusCode).toBe(201);
      // A visitor opens the event (gets the signed cookie) and is counted.
      const opened = await first.app.inject({ url: '/api/campaigns/double-11-2026' });
      visitor = `carnival_vid=${opened.cookies.find((c) => c.name === 'carnival_vid')!.value}`;
      const view = await first.app.inject({
        method: 'POST',
        url: '/api/campaigns/double-11-2026/views',
        headers: { cookie: visitor },
      });
      expect(view.json().counted).toBe(true);
      viewCount = view.json().viewCount;
      total = (await first.app.inject({ url: '/api/campaigns' })).json().total;
      expect(total).toBeGreaterThanOrEqual(7);
    } finally {
      await first.close();
    }

    const second = await startServer(
      { port: 0, dataDir, logLevel: 'silent', adminPassword: 'operator-pass-1' },
      { env: {} },
    );
    try {
      expect(second.bootstrap).toBeNull(); // the operator exists; nothing printed again
      const me = await second.app.inject({ url: '/api/auth/me', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      const mine = await second.app.inject({ url: '/api/campaigns/restart-check', headers: { cookie } });
      expect(mine.json().campaign.title['en-US']).toBe('Restart check');
      const d11 = await second.app.inject({ url: '/api/campaigns/double-11-2026' });
      expect(d11.json().campaign.viewCount).toBe(viewCount);
      // The cookie's key survived the restart (a row in the database): the same visitor is
      // recognised, not counted again, and not issued a new cookie.
      const again = await second.app.inject({
        method: 'POST',
        url: '/api/campaigns/double-11-2026/views',
        headers: { cookie: visitor },
      });
      expect(again.json()).toEqual({ viewCount, counted: false });
      expect(again.cookies).toHaveLength(0);
      expect((await second.app.inject({ url: '/api/campaigns' })).json().total).toBe(total); // not seeded twice
    } finally {
      await second.close();
    }
  }, 120_000); // two boots of a PGlite server with the demo seed
});
