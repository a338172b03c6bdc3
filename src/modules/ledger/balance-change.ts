import type { Kysely } from 'kysely';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import type { AccountChange } from './engine';
import { insufficientFunds } from './errors';

type Db = Kysely<DB>;

/** The conditional write; creates the account (race-safe) the first time its code is used. */
export async function applyChange(
  trx: Db,
  { spec, delta, guarded }: AccountChange,
  now: Date,
): Promise<string> {
  const forced = guarded && spec.allowNegative; // requireNonNegative on an account that may otherwise go negative
  // Only an UPDATE issued after the row was known to exist may conclude "insufficient": a row
  // another transaction creates and commits between our UPDATE and our SELECT must get a retry.
  let knownToExist = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await trx
      .updateTable('ledger_accounts')
      .set((eb) => ({ balance: eb('balance', '+', delta) }))
      .where('code', '=', spec.code)
      .where((eb) =>
        forced
          ? eb(eb('balance', '+', delta), '>=', 0)
          : eb.or([eb('allow_negative', '=', true), eb(eb('balance', '+', delta), '>=', 0)]),
      )
      .returning('id')
      .executeTakeFirst();
    if (row) return row.id;
    const existing = await trx
      .selectFrom('ledger_accounts')
      .select('id')
      .where('code', '=', spec.code)
      .executeTakeFirst();
    if (existing) {
      if (knownToExist) throw insufficientFunds(spec.code, delta);
      knownToExist = true;
      continue;
    }
    await trx
      .insertInto('ledger_accounts')
      .values({
        id: newId('acc', now.getTime()),
        code: spec.code,
        type: spec.type,
        owner_type: spec.ownerType,
        owner_id: spec.ownerId,
        currency: spec.currency,
        balance: 0,
        allow_negative: spec.allowNegative,
        created_at: now,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    knownToExist = true;
  }
  throw new Error(`ledger account ${spec.code} could not be created`);
}
