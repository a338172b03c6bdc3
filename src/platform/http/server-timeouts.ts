import type { ServerOptions } from 'node:http';

/**
 * Server-side bounded waits for HTTP clients (docs/operations.md). Node's defaults would let a
 * client hold a socket and a parser for minutes: request timeout 5 min, none at all on an idle
 * socket, and the timeouts only checked every 30 s.
 *
 * - `requestTimeout`: the whole request (headers and body) must arrive within it, or the
 *   client gets 408 and the socket is closed. This is what answers a body shorter than its
 *   Content-Length.
 * - `headersTimeout`: the headers alone, a shorter bound against slow-header (slowloris) clients.
 * - `connectionTimeout`: a socket with no traffic either way for this long is closed. It also
 *   covers the time we take to answer, so it is kept well above every server-side bound
 *   (statement timeouts, the checkout gate's wait).
 * - `keepAliveTimeout`: above the 60 s idle timeout of common load balancers, so the proxy
 *   closes an idle keep-alive socket first and never sends a request on one we just closed.
 * - `return503OnClosing`: during shutdown, new requests on kept-alive sockets get 503 at once.
 */
export function httpServerTimeouts(requestTimeoutMs: number) {
  const http: ServerOptions = {
    headersTimeout: Math.min(requestTimeoutMs, 10_000),
    // How often Node looks for sockets past headersTimeout/requestTimeout; its default of 30 s
    // would let a stalled request live up to 30 s past its timeout.
    connectionsCheckingInterval: Math.max(250, Math.min(1_000, Math.floor(requestTimeoutMs / 4))),
  };
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: Math.max(30_000, requestTimeoutMs * 3),
    keepAliveTimeout: 72_000,
    return503OnClosing: true,
    // Fastify's default, stated: JSON APIs here take small bodies; uploads would get their own limit.
    bodyLimit: 1024 * 1024,
    http,
  };
}
