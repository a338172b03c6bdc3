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
  it('reads the flash-sale admission settings, 0 turning a bucket off', () => {
    expect(loadConfig({}, {}).flashSales).toEqual({
      maxInFlight: 512,
      defaultSlotRatePerSec: 0,
      defaultCustomerRatePerSec: 5,
      defaultIpRatePerSec: 0,
      waitingRoomAdmitPerSec: 200,
      admissionTokenTtlSec: 120,
    });
    const env = {
      CARNIVAL_FLASH_MAX_IN_FLIGHT: '64',
      CARNIVAL_FLASH_IP_RATE: '50',
      CARNIVAL_FLASH_CUSTOMER_RATE: '0',
    };
    expect(loadConfig({}, env).flashSales).toMatchObject({
      maxInFlight: 64,
      defaultIpRatePerSec: 50,
      defaultCustomerRatePerSec: 0,
    });
    expect(() => loadConfig({}, { CARNIVAL_FLASH_MAX_IN_FLIGHT: '0' })).toThrow(/flashSales.maxInFlight/);
  });
  it('reads the argon2 parameters and refuses what is below OWASP minimums', () => {
    expect(loadConfig({}, {}).argon2).toMatchObject({ memoryKiB: 28_672, timeCost: 3, parallelism: 1 });
    const env = {
      CARNIVAL_ARGON2_MEMORY_KIB: '12288',
      CARNIVAL_ARGON2_TIME_COST: '3',
      CARNIVAL_ARGON2_MAX_CONCURRENT: '3',
    };
    expect(loadConfig({}, env).argon2).toMatchObject({ memoryKiB: 12_288, timeCost: 3, maxConcurrent: 3 });
    expect(() => loadConfig({}, { CARNIVAL_ARGON2_MEMORY_KIB: '8192' })).toThrow(/argon2.*OWASP/);
    expect(() => loadConfig({}, { CARNIVAL_ARGON2_TIME_COST: '1' })).toThrow(/argon2.*OWASP/);
    expect(loadConfig({}, { CARNIVAL_PGLITE_SHARED_BUFFERS: '64MB' }).pgliteSharedBuffers).toBe('64MB');
    expect(() => loadConfig({}, { CARNIVAL_PGLITE_SHARED_BUFFERS: 'lots' })).toThrow(/pgliteSharedBuffers/);
  });
  it('keeps the environment for a flag that was not given (undefined), as `carnival serve` passes it', () => {
    const env = { PORT: '4000', HOST: '0.0.0.0', CARNIVAL_DATA_DIR: '/srv/carnival' };
    expect(loadConfig({ port: undefined, host: undefined, dataDir: undefined }, env)).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      dataDir: '/srv/carnival',
    });
  });
  it('reads the limits from CARNIVAL_LIMITS (JSON), keeping the defaults of what it leaves out', () => {
    expect(loadConfig({}, {}).limits).toMatchObject({
      writesPerActor: { max: 300, windowSeconds: 60 },
      signupPerIp: { max: 10, windowSeconds: 3600 },
      unpaidOrdersPerCustomer: 5,
      heldUnitsPerSku: 10,
    });
    const env = { CARNIVAL_LIMITS: '{"writesPerActor":{"max":1000},"heldUnitsPerSku":3}' };
    expect(loadConfig({}, env).limits).toMatchObject({
      writesPerActor: { max: 1000, windowSeconds: 60 },
      writesPerIp: { max: 120, windowSeconds: 60 },
      heldUnitsPerSku: 3,
    });
    expect(() => loadConfig({}, { CARNIVAL_LIMITS: '{writes' })).toThrow(
      /limits: CARNIVAL_LIMITS is not valid JSON/,
    );
    expect(() => loadConfig({}, { CARNIVAL_LIMITS: '{"writesPerActr":{}}' })).toThrow(/limits/);
    expect(() => loadConfig({}, { CARNIVAL_LIMITS: '{"quotePerIp":{"max":-1}}' })).toThrow(
      /limits.quotePerIp.max/,
    );
  });
  it('names the setting that is wrong', () => {
    expect(() => loadConfig({}, { PORT: 'eighty' })).toThrow(/port/);
    expect(() => loadConfig({}, { CARNIVAL_ADMIN_PASSWORD: 'short' })).toThrow(/adminPassword/);
  });
});

describe('loadConfig: public URL and trusted proxies', () => {
  it('trusts no proxy and knows no public URL by default', () => {
    const c = loadConfig({}, {});
    expect(c.trustProxy).toBe(false);
    expect(c.publicUrl).toBeUndefined();
  });
  it('reads CARNIVAL_PUBLIC_URL without its trailing slash and refuses what is not an http(s) origin', () => {
    expect(loadConfig({}, { CARNIVAL_PUBLIC_URL: 'https://events.example.com/' }).publicUrl).toBe(
      'https://events.example.com',
    );
    expect(() => loadConfig({}, { CARNIVAL_PUBLIC_URL: 'ftp://x.test' })).toThrow(/publicUrl/);
    expect(() => loadConfig({}, { CARNIVAL_PUBLIC_URL: 'https://x.test/?a=1' })).toThrow(/publicUrl/);
  });
  it('reads CARNIVAL_TRUST_PROXY as a hop count or a list of addresses, and refuses "true"', () => {
    expect(loadConfig({}, { CARNIVAL_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({}, { CARNIVAL_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'loopback',
    ]);
    expect(loadConfig({}, { CARNIVAL_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(() => loadConfig({}, { CARNIVAL_TRUST_PROXY: 'true' })).toThrow(/trustProxy/);
    expect(() => loadConfig({}, { CARNIVAL_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/trustProxy/);
  });
  it('refuses private webhook targets unless CARNIVAL_WEBHOOKS_ALLOW_PRIVATE says otherwise', () => {
    expect(loadConfig({}, {}).webhooksAllowPrivate).toBe(false);
    expect(loadConfig({}, { CARNIVAL_WEBHOOKS_ALLOW_PRIVATE: '1' }).webhooksAllowPrivate).toBe(true);
    expect(loadConfig({}, { CARNIVAL_WEBHOOKS_ALLOW_PRIVATE: '0' }).webhooksAllowPrivate).toBe(false);
  });
});
