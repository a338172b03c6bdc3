import { connect } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { httpServerTimeouts } from './server-timeouts';

/**
 * A client that announces a body and sends less of it must get an answer within the request
 * timeout (Node's default would hold the socket for 5 minutes, checked every 30 s).
 */
describe('HTTP server timeouts', () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function listen(requestTimeoutMs: number) {
    const app = Fastify(httpServerTimeouts(requestTimeoutMs));
    app.post('/echo', async (request) => ({ got: request.body }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
    return Number(new URL(address).port);
  }

  function rawRequest(port: number, text: string): Promise<{ response: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      let response = '';
      const socket = connect(port, '127.0.0.1', () => socket.write(text));
      socket.setEncoding('utf8');
      socket.on('data', (d) => {
        response += d;
      });
      socket.on('error', reject);
      socket.on('close', () => resolve({ response, ms: Date.now() - started }));
      setTimeout(() => {
        socket.destroy();
        resolve({ response, ms: Date.now() - started });
      }, 10_000).unref();
    });
  }

  it('answers 408 and closes when the body is shorter than its Content-Length', async () => {
    const port = await listen(1_000);
    const { response, ms } = await rawRequest(
      port,
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    );
    expect(response).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(3_000);
  });

  it('answers 408 when the headers never finish', async () => {
    const port = await listen(1_000);
    const { response, ms } = await rawRequest(port, 'GET /echo HTTP/1.1\r\nHost: x\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(3_000);
  });

  it('a complete request is answered normally', async () => {
    const port = await listen(1_000);
    const body = '{"a":1}';
    const { response } = await rawRequest(
      port,
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toContain('{"got":{"a":1}}');
  });

  it('keeps the timeouts ordered: headers within the request, idle sockets beyond both', () => {
    const t = httpServerTimeouts(10_000);
    expect(t.http.headersTimeout).toBeLessThanOrEqual(t.requestTimeout);
    expect(t.connectionTimeout).toBeGreaterThan(t.requestTimeout);
    expect(t.keepAliveTimeout).toBeGreaterThan(60_000);
  });
});
