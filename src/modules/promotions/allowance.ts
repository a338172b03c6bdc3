import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import { forbidden, notFound, unprocessable } from '../../platform/errors';
import { requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import type { AllowanceAccount } from './model';
import type { AllowanceGrant } from './schemas';
import type { PromotionsDeps } from './service';
import { isForeignKeyViolation, toAllowanceAccount } from './store';

/** 购物津贴 (shopping allowance): a customer's balances per campaign, and the operator's grants. */
export function createAllowance({ db, clock, findUser }: Pick<PromotionsDeps, 'db' | 'clock' | 'findUser'>) {
  async function allowanceAccounts(customerId: string, campaignId?: string): Promise<AllowanceAccount[]> {
    let q = db.selectFrom('allowance_accounts').selectAll().where('customer_id', '=', customerId);
    if (campaignId) q = q.where('campaign_id', '=', campaignId);
    const rows = await q.orderBy('campaign_id').execute();
    if (campaignId && rows.length === 0) return [{ customerId, campaignId, balance: 0, grantedTotal: 0 }];
    return rows.map(toAllowanceAccount);
  }

  /** The operator grants 购物津贴: added atomically to the balance, audited, idempotent by `key`. */
  async function grantAllowance(actor: Actor, campaignId: string, grant: AllowanceGrant, key: string) {
    if (actor.role !== 'operator') throw forbidden('Only operators grant allowance');
    // Looked up before the transaction: the lookup uses its own connection (one, on PGlite).
    const user = await findUser(grant.customerId ? { id: grant.customerId } : { email: grant.email! });
    if (!user) throw notFound('Customer', grant.customerId ?? grant.email);
    if (user.role !== 'consumer')
      throw unprocessable('NOT_A_CONSUMER', 'Allowance is granted to consumers', {
        field: grant.customerId ? 'customerId' : 'email',
      });
    return runIdempotent(
      db,
      { scope: `allowance.grant:${actor.userId}`, key, fingerprint: requestFingerprint([campaignId, grant]) },
      async (trx) => {
        const now = clock.now();
        let row: Awaited<ReturnType<typeof upsert>>;
        const upsert = () =>
          trx
            .insertInto('allowance_accounts')
            .values({
              customer_id: user.id,
              campaign_id: campaignId,
              balance: grant.amount,
              granted_total: grant.amount,
              updated_at: now,
            })
            .onConflict((oc) =>
              oc.columns(['customer_id', 'campaign_id']).doUpdateSet((eb) => ({
                balance: eb('allowance_accounts.balance', '+', grant.amount),
                granted_total: eb('allowance_accounts.granted_total', '+', grant.amount),
                updated_at: now,
              })),
            )
            .returningAll()
            .executeTakeFirstOrThrow();
        try {
          row = await upsert();
        } catch (e) {
          if (isForeignKeyViolation(e, 'campaign_id')) throw notFound('Campaign', campaignId);
          throw e;
        }
        const account = toAllowanceAccount(row);
        await recordAudit(trx, clock, {
          actor,
          action: 'allowance.grant',
          entityType: 'allowance_account',
          entityId: `${user.id}:${campaignId}`,
          // The upsert adds atomically, so what it replaced is exactly the new totals less the grant.
          before: {
            balance: account.balance - grant.amount,
            grantedTotal: account.grantedTotal - grant.amount,
          },
          after: {
            customerId: user.id,
            campaignId,
            amount: grant.amount,
            balance: account.balance,
            grantedTotal: account.grantedTotal,
          },
          reason: grant.reason ?? null,
        });
        return { status: 201, body: { account } };
      },
    );
  }

  return { allowanceAccounts, grantAllowance };
}
