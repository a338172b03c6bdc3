import { type ChildProcess, spawn } from 'node:child_process';
import { createRedisKv } from '../../src/platform/kv';
import { sparePort, waitFor, which } from '../faults/support';

/**
 * A throw-away redis-server on a spare loopback port, for tests that kill or flush Redis: never
 * the shared instance. Nothing on disk, so a restart comes back empty, as in production here.
 */
export class RedisInstance {
  private child: ChildProcess | undefined;
  private constructor(readonly port: number) {}
  static readonly binary = which('redis-server');

  static async start(): Promise<RedisInstance> {
    const instance = new RedisInstance(await sparePort());
    await instance.start();
    return instance;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    const child = spawn(
      RedisInstance.binary!,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.child = child;
    await waitFor('redis-server to accept connections', async () => {
      if (child.exitCode !== null) throw new Error('redis-server exited');
      const kv = createRedisKv({ url: this.url, prefix: 'probe:', onConnectionEvent: () => {} });
      try {
        return (
          (await kv.get('x').then(
            () => true,
            () => false,
          )) || undefined
        );
      } finally {
        await kv.close();
      }
    });
  }

  /** kill -9: whatever Redis held is gone. */
  async kill() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
