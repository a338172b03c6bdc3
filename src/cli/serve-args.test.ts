import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { parseServeArgs } from './serve-args';

/** Issue 9 item 7: `npm start` / `carnival serve` without flags keep PORT, HOST and CARNIVAL_DATA_DIR. */
describe('carnival serve flags', () => {
  const env = { PORT: '4100', HOST: '0.0.0.0', CARNIVAL_DATA_DIR: '/srv/carnival' };

  it('keeps the environment for every flag not given', () => {
    const { overrides, workers, noSeed } = parseServeArgs([]);
    expect(loadConfig(overrides, env)).toMatchObject({
      port: 4100,
      host: '0.0.0.0',
      dataDir: '/srv/carnival',
    });
    expect({ workers, noSeed }).toEqual({ workers: 1, noSeed: false });
  });

  it('lets a flag that is given win over the environment', () => {
    const { overrides } = parseServeArgs(['--port', '5200', '--data-dir', '/tmp/c']);
    expect(loadConfig(overrides, env)).toMatchObject({ port: 5200, host: '0.0.0.0', dataDir: '/tmp/c' });
  });

  it('refuses a bad port from either source, naming it', () => {
    expect(() => loadConfig(parseServeArgs(['--port', 'eighty']).overrides, {})).toThrow(/port/);
    expect(() => loadConfig(parseServeArgs([]).overrides, { PORT: 'eighty' })).toThrow(/port/);
  });
});
