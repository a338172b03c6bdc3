import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedTarget } from './ssrf';

/** What the delivery log keeps of a request or response body. */
export const LOG_BODY_LIMIT = 4096;

export interface SendResult {
  /** null when no response arrived (refused, timed out, reset). */
  status: number | null;
  /** The first LOG_BODY_LIMIT bytes of the response; the rest is not read. */
  body: string | null;
  latencyMs: number;
  error: string | null;
}

/**
 * One POST to a checked target. The connection goes to `target.address`, the address the SSRF
 * check passed: the lookup is replaced, so nothing resolves the name again between check and
 * connect, while the Host header and TLS (SNI, certificate name) still use the URL's host.
 * Redirects are not followed: a 3xx is an answer like any other non-2xx, a failure.
 * `timeoutMs` bounds the whole exchange, first byte to last.
 */
export function sendWebhook(
  target: ResolvedTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now();
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const isHttps = target.url.protocol === 'https:';
  const transport = isHttps ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: Math.round(performance.now() - started) });
    };
    const request = transport.request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        // No pooled sockets: a pooled connection could outlive the address check it was made for.
        agent: false,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Carnival-Webhooks/1',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          finish({
            status: response.statusCode ?? null,
            body: Buffer.concat(chunks).subarray(0, LOG_BODY_LIMIT).toString('utf8'),
            error: null,
          });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // Enough for the log: the rest of a large answer is not worth waiting for.
          if (size >= LOG_BODY_LIMIT) done();
        });
        response.on('end', done);
        response.on('error', (err) =>
          finish({ status: response.statusCode ?? null, body: null, error: err.message }),
        );
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, body: null, error: `timed out after ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (err) => finish({ status: null, body: null, error: err.message }));
    request.end(body);
  });
}
