import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { ManualClock } from '../clock';
import type { Kv } from './kv';
import { createMemoryKv } from './memory';
import { createRedisKv } from './redis';

/**
 * The KV implementations a test suite runs against: memory always, Redis when REDIS_URL is
 * set. Each target owns a random prefix and deletes everything under it on `cleanup`, so
 * runs never see each other's keys and leave nothing behind.
 */
export interface TestKvTarget {
  kind: 'memory' | 'redis';
  /**
   * `n` handles on one shared store: separate connections for Redis (so concurrency tests
   * really interleave across clients), the same instance for memory (one process has one).
   */
  open(n?: number, namespace?: string): Kv[];
  /** Every key this target writes starts with it. */
  readonly prefix: string;
  /** Lets time pass for TTLs: the manual clock for memory, a real wait for Redis. */
  advance(ms: number): Promise<void>;
  /** Closes every handle this target opened and deletes its keys. */
  cleanup(): Promise<void>;
}

export const TEST_PREFIX_ROOT = 'carnival-test:';

export function testKvTargets(): Array<[TestKvTarget['kind'], () => TestKvTarget]> {
  const targets: Array<[TestKvTarget['kind'], () => TestKvTarget]> = [['memory', memoryTarget]];
  const url = process.env.REDIS_URL;
  if (url) {
    assertLoopback(url);
    targets.push(['redis', () => redisTarget(url)]);
  }
  return targets;
}

/** One per test process; each target gets its own numbered namespace beneath it. */
export const TEST_RUN_PREFIX = `${TEST_PREFIX_ROOT}${randomBytes(6).toString('hex')}:`;
let targetCount = 0;
const nextPrefix = () => `${TEST_RUN_PREFIX}${++targetCount}:`;

function memoryTarget(): TestKvTarget {
  const clock = new ManualClock();
  const prefix = nextPrefix();
  // One instance per namespace stands in for "the server": every handle on it shares data.
  const byNamespace = new Map<string, Kv>();
  return {
    kind: 'memory',
    prefix,
    open(n = 1, namespace = '') {
      let kv = byNamespace.get(namespace);
      if (!kv) {
        kv = createMemoryKv({ prefix: prefix + namespace, clock });
        byNamespace.set(namespace, kv);
      }
      const shared = kv;
      return Array.from({ length: n }, () => shared);
    },
    async advance(ms) {
      clock.advance(ms);
    },
    async cleanup() {
      await Promise.all([...byNamespace.values()].map((kv) => kv.close()));
    },
  };
}

function redisTarget(url: string): TestKvTarget {
  const prefix = nextPrefix();
  const opened: Kv[] = [];
  return {
    kind: 'redis',
    prefix,
    open(n = 1, namespace = '') {
      const kvs = Array.from({ length: n }, () => createRedisKv({ url, prefix: prefix + namespace }));
      opened.push(...kvs);
      return kvs;
    },
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    async cleanup() {
      await Promise.all(opened.map((kv) => kv.close()));
      await deleteByPrefix(url, prefix);
    },
  };
}

/** SCAN, never KEYS: KEYS blocks the server while it walks the whole keyspace. */
export async function deleteByPrefix(url: string, prefix: string): Promise<number> {
  assertLoopback(url);
  if (!prefix.startsWith(TEST_PREFIX_ROOT))
    throw new Error(`refusing to delete outside ${TEST_PREFIX_ROOT}*`);
  const redis = new Redis(url);
  let deleted = 0;
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      for (const key of keys) deleted += await redis.del(key);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  return deleted;
}

// The suites flush keys; pointing them at a shared or production server by accident must fail loudly.
function assertLoopback(url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`KV tests only talk to a loopback Redis; REDIS_URL host is ${host}`);
  }
}
