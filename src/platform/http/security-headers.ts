import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Response headers that make the browser refuse what the app never does: run scripts from
 * elsewhere, be framed, sniff content types, leak full URLs in Referer. One policy covers the SPA
 * and /docs (swagger-ui): both load scripts and styles from this origin only.
 */
export interface SecurityHeadersOptions {
  /** CARNIVAL_SECURE_COOKIES: the site is served over HTTPS. */
  secureCookies: boolean;
  publicUrl?: string;
}

/** HTTPS is known when cookies are Secure or the public URL is https; only then HSTS is sent. */
export const servedOverHttps = (o: SecurityHeadersOptions) =>
  o.secureCookies || (o.publicUrl?.startsWith('https://') ?? false);

export function contentSecurityPolicy(https: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    // The Vite build and swagger-ui load only external scripts: no inline script, no eval.
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    // Ant Design writes its CSS-in-JS into <style> elements at run time (no nonce wired).
    'style-src': ["'self'", "'unsafe-inline'"],
    // Product images are merchants' https URLs; icons and swagger-ui's glyphs are data: URIs.
    'img-src': ["'self'", 'data:', 'https:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // Over plain HTTP (a laptop, a test) upgrading would break every asset, Safari's localhost too.
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

export async function installSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeadersOptions,
): Promise<void> {
  const https = servedOverHttps(options);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(https) },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
    // Product images may be hot-linked by partners' pages; JSON is protected by CORS anyway.
    crossOriginResourcePolicy: { policy: 'same-site' },
    crossOriginEmbedderPolicy: false,
  });

  // Answers to a signed-in caller are personal: no shared cache (proxy, CDN, the browser's
  // back-forward disk cache) may keep them.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.actor) return payload;
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json'))
      reply.header('cache-control', 'no-store');
    return payload;
  });
}
