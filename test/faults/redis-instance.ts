import { type ChildProcess, spawn } from 'node:child_process';
import { createRedisKv } from '../../src/platform/kv';
import { waitFor, which } from './support';

/** A redis-server of a fault suite's own, on a spare port, that it may kill and start again. */
export const redisServer = which('redis-server');

export class RedisInstance {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start() {
    const child = spawn(
      redisServer!,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
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
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
