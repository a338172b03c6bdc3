import { randomInt } from 'node:crypto';

/**
 * Single-use redemption codes: 12 characters from an alphabet without look-alikes (no 0/O,
 * 1/I/L, no U), shown in groups of four. 30^12 ≈ 5.3e17 codes: a clash is vanishingly rare, and
 * the primary key catches it anyway (the batch insert skips it and draws again).
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const CODE_LENGTH = 12;

export function newCode(): string {
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** What a person types: any case, with or without dashes and spaces. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export const displayCode = (code: string) => code.match(/.{1,4}/g)!.join('-');

/** `codes` as shown (display form): one line per code. */
export function codesCsv(couponId: string, codes: readonly string[]): string {
  return `coupon_id,code\r\n${codes.map((c) => `${couponId},${c}`).join('\r\n')}\r\n`;
}
