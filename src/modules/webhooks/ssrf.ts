import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../../platform/errors';

/**
 * Outgoing webhook URLs must not reach the platform's own network: loopback, link-local, private
 * and shared (CGNAT) ranges, "this network", multicast and reserved space, and the cloud metadata
 * service. The check runs at subscribe AND before every send, on every address the name resolves
 * to (one bad address refuses the URL: round-robin DNS is no way around it), and the sender then
 * connects to the address checked, never resolving again (no DNS rebinding in between).
 *
 * `allowPrivate` (CARNIVAL_WEBHOOKS_ALLOW_PRIVATE, for tests and on-prem receivers) lifts the
 * network-range refusals; the scheme rule and the metadata service stay refused.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fe80::', 10],
  ['fc00::', 7],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** Always refused, whatever the setting: the instance metadata services (AWS, GCP, Azure, Alibaba). */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata',
  'instance-data',
  'metadata.azure.internal',
]);

export type RefusalReason =
  | 'scheme'
  | 'credentials'
  | 'metadata'
  | 'private_address'
  | 'unresolvable'
  | 'invalid_url';

export class SsrfRefusal extends AppError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super('WEBHOOK_URL_REFUSED', message, 422, { field: 'url', reason, ...details });
  }
}

/**
 * An IPv4 address hidden in an IPv6 one (::ffff:a.b.c.d mapped, ::a.b.c.d compatible, 64:ff9b::
 * NAT64, 2002::/16 6to4): checked as the IPv4 address it reaches.
 */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = lower.match(/^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) return dotted[1]!;
  const groups = expandIpv6(lower);
  if (!groups) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zero(0, 5) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return null;
}

function expandIpv6(address: string): number[] | null {
  if (address.includes('.')) return null;
  const [head, tail] = address.split('::') as [string, string | undefined];
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const h = parse(head);
  const t = parse(tail);
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill(0);
  const all = [...h, ...fill, ...t];
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : null;
}

/** Why the address may not be a webhook target, or null when it may. */
export function addressRefusal(scoped: string, allowPrivate: boolean): RefusalReason | null {
  // A zone (fe80::1%eth0) names the interface, not the address.
  const address = scoped.split('%')[0]!;
  const family = isIP(address);
  if (family === 0) return 'invalid_url';
  const lower = address.toLowerCase();
  if (METADATA_ADDRESSES.has(lower)) return 'metadata';
  if (family === 6) {
    const v4 = embeddedIpv4(lower);
    if (v4) return addressRefusal(v4, allowPrivate);
  }
  if (allowPrivate) return null;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6') ? 'private_address' : null;
}

export interface ResolvedTarget {
  url: URL;
  /** The checked address to connect to. */
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Checks the URL's form (scheme, credentials, metadata names) without resolving it. */
export function checkUrlForm(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SsrfRefusal('invalid_url', 'url: not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new SsrfRefusal('scheme', 'url: only http and https URLs can receive webhooks', {
      scheme: url.protocol,
    });
  if (url.username || url.password)
    throw new SsrfRefusal(
      'credentials',
      'url: credentials in the URL are not allowed; verify the signature instead',
    );
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (METADATA_HOSTS.has(host))
    throw new SsrfRefusal('metadata', 'url: the metadata service is never a webhook target');
  return url;
}

/** Resolves the URL's host and checks every address; the first one is the one to connect to. */
export async function resolveTarget(
  raw: string,
  options: { allowPrivate: boolean; resolve?: Resolver },
): Promise<ResolvedTarget> {
  const url = checkUrlForm(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch {
      throw new SsrfRefusal('unresolvable', `url: the host ${host} does not resolve`, { host });
    }
  }
  if (addresses.length === 0)
    throw new SsrfRefusal('unresolvable', `url: the host ${host} does not resolve`, { host });
  for (const { address } of addresses) {
    const reason = addressRefusal(address, options.allowPrivate);
    if (reason)
      throw new SsrfRefusal(
        reason,
        reason === 'metadata'
          ? 'url: the metadata service is never a webhook target'
          : `url: ${host} resolves to ${address}, a loopback, link-local, private or reserved address`,
        { host, address },
      );
  }
  // IPv4 first when the name has both: more receivers are reachable over it.
  const first = addresses.find((a) => a.family === 4) ?? addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
