import type { FastifyRequest } from 'fastify';

/**
 * The base of absolute URLs the server writes (iCalendar exports, links in messages).
 * CARNIVAL_PUBLIC_URL when set: the one answer, whatever Host or X-Forwarded-Host a request
 * carries. Without it (a laptop, a single box) the request's own scheme and Host; Fastify takes
 * X-Forwarded-Proto/Host into account only from proxies listed in CARNIVAL_TRUST_PROXY, so an
 * ordinary client cannot choose the host written into an export by sending X-Forwarded-Host.
 */
export function publicBaseUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}
