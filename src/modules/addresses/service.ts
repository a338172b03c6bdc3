import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { checkDivision } from './division';
import { addressBookFull, addressNotFound, invalidDivision } from './errors';
import { type Address, MAX_ADDRESSES } from './model';
import type { AddressDraft } from './schemas';
import type { AddressesTable, ShippingAddress } from './tables';

export interface AddressesDeps {
  db: Kysely<DB>;
  clock: Clock;
}

type Row = Selectable<AddressesTable>;

const toAddress = (r: Row): Address => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  provinceCode: r.province_code,
  cityCode: r.city_code,
  districtCode: r.district_code,
  region: r.region,
  detail: r.detail,
  isDefault: r.is_default,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** The division chain checked against the bundled dataset, with its names. */
function regionOf(d: AddressDraft) {
  const check = checkDivision(d.provinceCode, d.cityCode, d.districtCode);
  if (!check.ok) throw invalidDivision(check.field);
  return check.names;
}

/**
 * A customer's address book (收货地址): at most MAX_ADDRESSES, at most one default (a partial
 * unique index), the first one saved is the default. Every write locks the customer's user row
 * first, so the count and the default move under one lock, never read-then-write across
 * requests.
 */
export function createAddressesService({ db, clock }: AddressesDeps) {
  const lockCustomer = (trx: Kysely<DB>, customerId: string) =>
    trx.selectFrom('users').select('id').where('id', '=', customerId).forUpdate().executeTakeFirst();

  const clearDefault = (trx: Kysely<DB>, customerId: string, now: Date) =>
    trx
      .updateTable('addresses')
      .set({ is_default: false, updated_at: now })
      .where('customer_id', '=', customerId)
      .where('is_default', '=', true)
      .execute();

  async function list(customerId: string): Promise<Address[]> {
    const rows = await db
      .selectFrom('addresses')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('is_default', 'desc')
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toAddress);
  }

  async function create(customerId: string, draft: AddressDraft): Promise<Address> {
    const region = regionOf(draft);
    return db.transaction().execute(async (trx) => {
      await lockCustomer(trx, customerId);
      const now = clock.now();
      const count = await trx
        .selectFrom('addresses')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('customer_id', '=', customerId)
        .executeTakeFirstOrThrow();
      const n = Number(count.n);
      if (n >= MAX_ADDRESSES) throw addressBookFull(MAX_ADDRESSES);
      const isDefault = n === 0 || draft.isDefault === true;
      if (isDefault) await clearDefault(trx, customerId, now);
      const row = await trx
        .insertInto('addresses')
        .values({
          id: newId('adr', now.getTime()),
          customer_id: customerId,
          name: draft.name,
          phone: draft.phone,
          province_code: draft.provinceCode,
          city_code: draft.cityCode,
          district_code: draft.districtCode,
          region: JSON.stringify(region),
          detail: draft.detail,
          is_default: isDefault,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAddress(row);
    });
  }

  async function update(customerId: string, id: string, draft: AddressDraft): Promise<Address> {
    const region = regionOf(draft);
    return db.transaction().execute(async (trx) => {
      await lockCustomer(trx, customerId);
      const now = clock.now();
      if (draft.isDefault === true) await clearDefault(trx, customerId, now);
      const row = await trx
        .updateTable('addresses')
        .set({
          name: draft.name,
          phone: draft.phone,
          province_code: draft.provinceCode,
          city_code: draft.cityCode,
          district_code: draft.districtCode,
          region: JSON.stringify(region),
          detail: draft.detail,
          ...(draft.isDefault === true ? { is_default: true } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .where('customer_id', '=', customerId)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw addressNotFound(id);
      return toAddress(row);
    });
  }

  async function setDefault(customerId: string, id: string): Promise<Address> {
    return db.transaction().execute(async (trx) => {
      await lockCustomer(trx, customerId);
      const now = clock.now();
      await clearDefault(trx, customerId, now);
      const row = await trx
        .updateTable('addresses')
        .set({ is_default: true, updated_at: now })
        .where('id', '=', id)
        .where('customer_id', '=', customerId)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw addressNotFound(id);
      return toAddress(row);
    });
  }

  /** Deletes one; when it was the default, the most recently changed other one becomes it. */
  async function remove(customerId: string, id: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await lockCustomer(trx, customerId);
      const gone = await trx
        .deleteFrom('addresses')
        .where('id', '=', id)
        .where('customer_id', '=', customerId)
        .returning('is_default')
        .executeTakeFirst();
      if (!gone) throw addressNotFound(id);
      if (!gone.is_default) return;
      const next = await trx
        .selectFrom('addresses')
        .select('id')
        .where('customer_id', '=', customerId)
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (next)
        await trx.updateTable('addresses').set({ is_default: true }).where('id', '=', next.id).execute();
    });
  }

  /** The copy of one of the customer's addresses an order keeps; 404 naming `field` otherwise. */
  async function snapshot(customerId: string, id: string, field = 'addressId'): Promise<ShippingAddress> {
    const r = await db
      .selectFrom('addresses')
      .selectAll()
      .where('id', '=', id)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (!r) throw addressNotFound(id, field);
    return {
      name: r.name,
      phone: r.phone,
      provinceCode: r.province_code,
      cityCode: r.city_code,
      districtCode: r.district_code,
      region: r.region,
      detail: r.detail,
    };
  }

  return { list, create, update, setDefault, remove, snapshot };
}

export type AddressesService = ReturnType<typeof createAddressesService>;
