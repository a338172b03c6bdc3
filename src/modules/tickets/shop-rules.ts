import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { DB } from '../../schema';
import { invalidVoucher, voucherUsedUp } from './errors';
import type { TicketTypesTable, TicketVouchersTable } from './tables';

/** The rules a hold and the shop's catalogue apply: the event's settings, vouchers, audiences. */

export type TypeRow = Selectable<TicketTypesTable>;
type VoucherRow = Selectable<TicketVouchersTable>;
export const jsonOf = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
export async function settingsOf(db: Kysely<DB>, eventId: string) {
  const s = await db
    .selectFrom('ticket_event_settings')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return { holdMinutes: s?.hold_minutes ?? 15, offerHours: s?.offer_hours ?? 24 };
}

/** A voucher usable now by this buyer (else 422 INVALID_VOUCHER with the reason). */
export async function usableVoucher(
  db: Kysely<DB>,
  eventId: string,
  code: string,
  actor: Actor | null,
  now: Date,
) {
  const v = await db
    .selectFrom('ticket_vouchers')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!v) throw invalidVoucher('unknown');
  if (v.status !== 'active') throw invalidVoucher(v.status);
  if (v.valid_from && new Date(v.valid_from) > now) throw invalidVoucher('not_yet_valid');
  if (v.valid_until && new Date(v.valid_until) <= now) throw invalidVoucher('expired');
  if (v.owner_user_id && v.owner_user_id !== actor?.userId) throw invalidVoucher('for_another_account');
  if (v.used >= v.max_uses) throw voucherUsedUp();
  return v;
}

export const voucherCovers = (v: VoucherRow | null, typeId: string) => {
  if (!v) return false;
  const ids = jsonOf<string[]>(v.type_ids);
  return ids.length === 0 || ids.includes(typeId);
};

export function discountOf(v: VoucherRow | null, t: TypeRow): number {
  if (!v || !voucherCovers(v, t.id)) return 0;
  if (v.effect === 'amount') return Math.min(v.value, t.price);
  if (v.effect === 'percent') return Math.floor((t.price * v.value) / 100);
  return 0;
}

/** Whether the type's audience (anyone, merchants or store members, named roles) admits the buyer. */
export async function audienceAllows(
  storeIdsOf: (userId: string) => Promise<string[]>,
  actor: Actor,
  t: TypeRow,
): Promise<boolean> {
  if (t.audience === 'anyone') return true;
  if (t.audience === 'roles') return jsonOf<string[]>(t.audience_roles).includes(actor.role);
  if (actor.role === 'merchant' || actor.role === 'operator') return true;
  return (await storeIdsOf(actor.userId)).length > 0;
}
