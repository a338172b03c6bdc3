import { isIPv6 } from 'node:net';

/**
 * The key an IP's bucket counts under. IPv4 as is (an IPv4-mapped IPv6 address is the IPv4 it
 * maps); IPv6 by its /64, the block one subscriber usually gets, so a bot cannot take a fresh
 * bucket per address of its own block.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
