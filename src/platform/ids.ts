import { randomBytes } from 'node:crypto';

/**
 * Prefixed, time-sortable ids: `cmp_` + 10 chars of millisecond time + 16 random chars,
 * Crockford base32. Sorting by id sorts by creation time, which keeps B-tree inserts local.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const ID_PREFIXES = [
  'usr',
  'ses',
  'key',
  'cmp',
  'ser',
  'aud',
  'evt',
  'str',
  'prd',
  'sku',
  'enr',
  'nom',
  'prm',
  'cpn',
  'crt',
  'ord',
  'sub',
  'pay',
  'ref',
  'txn',
  'acc',
  'idm',
  'stl',
  'ppc',
  'tpu',
  'chg',
  'rfd',
  'ntf',
  'inv',
  'fsl',
  'fsr',
  'whk',
  'whs',
  'whd',
  'wha',
  'adr',
  'chr',
  'cpj',
  'cpu',
  'crl',
  'don',
  'dsb',
  'pve',
  'ckl',
  'cks',
  'tkt',
  'ttp',
  'tqu',
  'tqs',
  'tvc',
  'thd',
  'tor',
  'twl',
  'trk',
  'rom',
  // a conference programme's session (not an auth session, 'ses')
  'pss',
  'psp',
  'sch',
  'sfb',
  'wss',
  'ags',
  'cfs',
  'cst',
  'prp',
  'csp',
  'cfi',
  'crv',
  'crs',
] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  const bytes = randomBytes(16);
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b % 32];
  return `${prefix}_${encodeTime(now)}${rand}`;
}

export function hasPrefix(id: string, prefix: IdPrefix): boolean {
  return id.startsWith(`${prefix}_`) && id.length === prefix.length + 27;
}
