import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The settings that decide which URL and client address a request has: the public URL
 * browsers use, and the proxies whose X-Forwarded-* headers are believed. Both default to the
 * safe side: no public URL (the request's own Host, never a forwarded one) and no trusted proxy.
 */

/** An http(s) origin, optionally with a path prefix; kept without the trailing slash. */
export const publicUrlSchema = z
  .string()
  .url()
  .refine((v) => /^https?:$/.test(new URL(v).protocol), 'must be an http:// or https:// URL')
  .refine((v) => {
    const u = new URL(v);
    return !u.search && !u.hash && !u.username && !u.password;
  }, 'must be a plain origin such as https://events.example.com (no query, fragment or credentials)')
  .transform((v) => v.replace(/\/+$/, ''));

/** proxy-addr's names for address ranges, accepted next to IPs and CIDRs. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * CARNIVAL_TRUST_PROXY: `false`/empty (trust nobody), a hop count (`1`: the nearest proxy), or a
 * comma-separated list of IPs, CIDRs and the names loopback, linklocal, uniquelocal. `true`
 * (believe any client's X-Forwarded-For/Host/Proto) is refused on purpose: it lets any caller
 * choose its own address and the host written into absolute URLs.
 */
export const trustProxySchema = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const s = v.trim();
    if (s === '' || s === 'false') return false;
    if (/^\d+$/.test(s)) return Number(s);
    return s
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
  },
  z.union([
    z.literal(false),
    z.number().int().positive(),
    z
      .array(z.string())
      .min(1)
      .refine(
        (list) => list.every(isAddressOrRange),
        'must be a hop count or a comma-separated list of IPs/CIDRs (loopback, linklocal, uniquelocal allowed)',
      ),
  ]),
);

export type TrustProxy = z.infer<typeof trustProxySchema>;

/** Fastify's `trustProxy` option; a hop count becomes the function form its types accept. */
export function toFastifyTrustProxy(
  trust: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}
