import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { forbidden, notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import { afterSale } from './after-sale-store';

export interface AfterSaleSettings {
  campaignId: string;
  priceProtectionDays: number;
  isDefault: boolean;
}

/** The answer of GET /api/campaigns/{id}/after-sale and its PUT (the OpenAPI document's model). */
export const afterSaleSettingsAnswerSchema = z.object({
  afterSale: z
    .object({
      campaignId: z.string(),
      priceProtectionDays: z.number().int().describe('价保 window in days after payment; 0: none'),
      isDefault: z.boolean().describe('No campaign setting: the platform default applies'),
    })
    .meta({ id: 'CampaignAfterSale' }),
});
type _AfterSale = [AfterSaleSettings] extends [z.infer<typeof afterSaleSettingsAnswerSchema>['afterSale']]
  ? [z.infer<typeof afterSaleSettingsAnswerSchema>['afterSale']] extends [AfterSaleSettings]
    ? true
    : false
  : false;
const _afterSaleCheck: _AfterSale = true;
void _afterSaleCheck;

/**
 * A campaign's after-sale rules (the 价保 window). Anyone reads those of a published event; a
 * draft's (or one in review) are the managers' business until it goes out, so others get the
 * same 404 as for the event itself. Operators change them, audited with before and after.
 */
export function createAfterSaleSettings({
  db,
  clock,
  defaultDays,
}: {
  db: Kysely<DB>;
  clock: Clock;
  defaultDays: number;
}) {
  async function read(q: Kysely<DB>, campaignId: string): Promise<AfterSaleSettings> {
    const row = await afterSale(q)
      .selectFrom('campaign_after_sale')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .executeTakeFirst();
    return {
      campaignId,
      priceProtectionDays: row?.price_protection_days ?? defaultDays,
      isDefault: !row,
    };
  }

  async function getSettings(campaignId: string, actor: Actor | null = null): Promise<AfterSaleSettings> {
    const campaign = await db
      .selectFrom('campaigns')
      .select(['id', 'workflow_status', 'owner_id'])
      .where('id', '=', campaignId)
      .executeTakeFirst();
    const visible =
      campaign &&
      (campaign.workflow_status === 'published' ||
        actor?.role === 'operator' ||
        (actor?.role === 'organizer' && actor.userId === campaign.owner_id));
    if (!visible) throw notFound('Campaign', campaignId);
    return read(db, campaignId);
  }

  /** Operators set a campaign's price-protection window (0 turns it off). */
  async function setSettings(actor: Actor, campaignId: string, priceProtectionDays: number) {
    if (actor.role !== 'operator') throw forbidden('Only operators set after-sale rules');
    await getSettings(campaignId, actor);
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      // The row lock orders two operators' changes, so each audit entry's "before" is exact.
      await trx.selectFrom('campaigns').select('id').where('id', '=', campaignId).forUpdate().execute();
      const before = await read(trx, campaignId);
      await afterSale(trx)
        .insertInto('campaign_after_sale')
        .values({
          campaign_id: campaignId,
          price_protection_days: priceProtectionDays,
          updated_by: actor.userId,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('campaign_id').doUpdateSet({
            price_protection_days: priceProtectionDays,
            updated_by: actor.userId,
            updated_at: now,
          }),
        )
        .execute();
      const after = await read(trx, campaignId);
      await recordAudit(trx, clock, {
        actor,
        action: 'campaign.after_sale.set',
        entityType: 'campaign',
        entityId: campaignId,
        before: { priceProtectionDays: before.priceProtectionDays, isDefault: before.isDefault },
        after: { priceProtectionDays: after.priceProtectionDays, isDefault: after.isDefault },
      });
      return after;
    });
  }

  return { getSettings, setSettings };
}
