import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered (null while held). */
  status: number | null;
  /** The receiver's clock when it arrived (ms), for the timestamp check of the verifier. */
  receivedAt: number;
}

/** How a path answers: a status, or 'hang' to hold the request until release() is called. */
export type Behaviour = (nth: number) => number | 'hang';

/**
 * A webhook receiver: a real node:http server on loopback. Each path answers by its behaviour
 * (200 by default) and every request is kept, in arrival order, for the assertions.
 */
export async function startReceiver(now: () => number = Date.now) {
  const received: Received[] = [];
  const behaviours = new Map<string, Behaviour>();
  const counts = new Map<string, number>();
  const held: ServerResponse[] = [];
  const waiters: { path: string; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const nth = (counts.get(path) ?? 0) + 1;
      counts.set(path, nth);
      const answer = (behaviours.get(path) ?? (() => 200))(nth);
      const entry: Received = {
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status: null,
        receivedAt: now(),
      };
      received.push(entry);
      for (const w of waiters.filter((w) => w.path === path)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      if (answer === 'hang') {
        held.push(res);
        return;
      }
      entry.status = answer;
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : `no (${answer})`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}${path}`,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    behave: (path: string, behaviour: Behaviour) => behaviours.set(path, behaviour),
    /** Resolves when the next request to `path` arrives. */
    nextRequest: (path: string) => new Promise<void>((resolve) => waiters.push({ path, resolve })),
    release() {
      for (const res of held.splice(0)) res.writeHead(200).end('late');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held.splice(0)) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
