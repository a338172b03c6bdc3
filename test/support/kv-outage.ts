import { type Kv, KvUnavailableError } from '../../src/platform/kv';

/**
 * A real KV with a switch that makes every call fail as the Redis implementation does when its
 * server is gone (KvUnavailableError), to test what each user of the KV does in an outage.
 */
export function withOutage(kv: Kv): { kv: Kv; setDown(down: boolean): void } {
  let down = false;
  const wrapped = new Proxy(kv, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        if (down) return Promise.reject(new KvUnavailableError('KV down (test outage)'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { kv: wrapped, setDown: (d) => (down = d) };
}
