import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors';

/**
 * Cross-site request forgery defence for every state-changing request (POST, PUT, PATCH, DELETE).
 *
 * 1. Content type. A browser can send a cross-site request without asking the server first
 *    (no CORS preflight) only with text/plain, application/x-www-form-urlencoded or
 *    multipart/form-data. The API reads nothing but JSON, so any Content-Type other than
 *    application/json is refused with 415 before the route runs: a `<form enctype="text/plain">`
 *    cannot cancel an order, even on routes that take no body. A request without a body and
 *    without Content-Type (curl -X POST, the SPA's DELETE) is fine.
 * 2. Where it comes from. Browsers put `Origin` on every POST/PUT/PATCH/DELETE and, lately,
 *    `Sec-Fetch-Site`. When present they must say "this site": Origin equal to the public
 *    origin (CARNIVAL_PUBLIC_URL) or, when that is not configured, to the request's own
 *    scheme://host; `Origin: null` (sandboxed frames, some redirects) is refused;
 *    `Sec-Fetch-Site: cross-site`, and `same-site` from an origin that is not ours, are refused.
 * 3. Clients that are not browsers (curl, the CLI, partners' servers) send neither header and
 *    pass. A request with `Authorization: Bearer` skips check 2: a page on another site cannot
 *    attach that header without a CORS preflight this server never grants, and the key is not
 *    ambient the way a cookie is. Check 1 still applies to it.
 *
 * Body-less POSTs from the SPA (cancel, confirm, logout...) need no custom header: the SPA's
 * fetch carries Origin/Sec-Fetch-Site like every browser request, and the session cookie is
 * SameSite=Lax as a further layer.
 */

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfOptions {
  /** CARNIVAL_PUBLIC_URL; its origin is the only one allowed. Absent: the request's own origin. */
  publicUrl?: string;
  /**
   * Path prefixes that defend themselves and are not the API: the sandbox gateway's hosted page
   * (a plain HTML form with its own one-time token, as a real gateway's page) and the gateway's
   * signed server-to-server notifications.
   */
  exemptPrefixes?: readonly string[];
}

export const csrfRejected = (reason: string, message: string) =>
  new AppError('CSRF_REJECTED', message, 403, { reason });

/** `application/json`, with or without parameters (`; charset=utf-8`). `+json` types are not accepted. */
export function isJsonMediaType(contentType: string): boolean {
  return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** The origin this server answers as: the configured public one or the request's own. */
export function expectedOrigin(request: FastifyRequest, publicUrl: string | undefined): string | null {
  if (publicUrl) return normalisedOrigin(publicUrl);
  // request.protocol/host honour X-Forwarded-* only from proxies in CARNIVAL_TRUST_PROXY.
  return normalisedOrigin(`${request.protocol}://${request.host}`);
}

/** scheme://host[:port] as browsers write it (lower case, default port dropped); null if opaque. */
function normalisedOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}

export function checkRequestOrigin(request: FastifyRequest, options: CsrfOptions): void {
  if (!STATE_CHANGING.has(request.method)) return;
  if (options.exemptPrefixes?.some((prefix) => request.url.startsWith(prefix))) return;

  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !isJsonMediaType(contentType))
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type ${contentType.split(';')[0]} is not accepted; send application/json (or no body)`,
      415,
      { field: 'Content-Type' },
    );

  if (request.headers.authorization?.startsWith('Bearer ')) return;

  const origin = request.headers.origin;
  const fetchSite = request.headers['sec-fetch-site'];
  const expected = expectedOrigin(request, options.publicUrl);
  let originAllowed = false;
  if (origin !== undefined) {
    const given = normalisedOrigin(origin);
    if (given === null)
      throw csrfRejected('ORIGIN_NULL', 'A request with an opaque Origin (null) cannot change anything');
    if (given !== expected)
      throw csrfRejected(
        'ORIGIN_MISMATCH',
        `Origin ${given} is not this site (${expected ?? 'unknown host'})${options.publicUrl ? '' : '; set CARNIVAL_PUBLIC_URL if it should be'}`,
      );
    originAllowed = true;
  }
  if (fetchSite === 'cross-site')
    throw csrfRejected('CROSS_SITE', 'The browser reports this request as cross-site (Sec-Fetch-Site)');
  if (fetchSite === 'same-site' && !originAllowed)
    throw csrfRejected(
      'SAME_SITE_NOT_ORIGIN',
      'The browser reports this request as coming from a sibling site, not this origin',
    );
}

/** Registers the check on every route (and the not-found path), before cookies are trusted. */
export function installCsrfProtection(app: FastifyInstance, options: CsrfOptions = {}): void {
  app.addHook('onRequest', async (request) => checkRequestOrigin(request, options));
}
