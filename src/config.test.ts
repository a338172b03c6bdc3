import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded stand-ins with data in ./data', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({ port: 3000, seedDemo: true });
    expect([c.databaseUrl, c.redisUrl, c.natsUrl]).toEqual([undefined, undefined, undefined]);
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });
  it('keeps memory:// as is instead of resolving it to a folder', () => {
    expect(loadConfig({ dataDir: 'memory://' }, {}).dataDir).toBe('memory://');
  });
  it('reads the environment, and flags win over it', () => {
    const env = { PORT: '4000', DATABASE_URL: 'postgres://u@h/db', CARNIVAL_SEED_DEMO: 'false' };
    expect(loadConfig({}, env)).toMatchObject({
      port: 4000,
      databaseUrl: 'postgres://u@h/db',
      seedDemo: false,
    });
    expect(loadConfig({ port: 5000 }, env).port).toBe(5000);
  });
  it('names the setting that is wrong', () => {
    expect(() => loadConfig({}, { PORT: 'eighty' })).toThrow(/port/);
    expect(() => loadConfig({}, { CARNIVAL_ADMIN_PASSWORD: 'short' })).toThrow(/adminPassword/);
  });
});
