import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { workersRefusal } from './workers';

const config = (env: Record<string, string>) => loadConfig({ dataDir: 'memory://' }, env);
const PG = 'postgres://postgres@127.0.0.1:5432/carnival';
const REDIS = 'redis://127.0.0.1:6379';

describe('carnival serve --workers', () => {
  it('runs one process on anything', () => {
    expect(workersRefusal(1, config({}))).toBeNull();
  });

  it('refuses N > 1 on PGlite or the in-process KV, naming what is missing', () => {
    expect(workersRefusal(3, config({ DATABASE_URL: PG, REDIS_URL: REDIS }))).toBeNull();
    expect(workersRefusal(2, config({ REDIS_URL: REDIS }))).toMatch(/DATABASE_URL \(PGlite/);
    expect(workersRefusal(2, config({ DATABASE_URL: PG }))).toMatch(/REDIS_URL \(the in-process KV/);
    const both = workersRefusal(2, config({}))!;
    expect(both).toMatch(/DATABASE_URL/);
    expect(both).toMatch(/REDIS_URL/);
  });

  it('refuses a count that is not a whole number >= 1', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) expect(workersRefusal(n, config({}))).toMatch(/whole number/);
  });

  it('exits 2 with the refusal before opening anything', () => {
    const run = spawnSync(process.execPath, [join('bin', 'carnival.mjs'), 'serve', '--workers', '2'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--workers 2 needs servers every process shares/);
  });
});
