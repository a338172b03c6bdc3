import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { unprocessable } from '../../platform/errors';
import type { DB } from '../../schema';
import type { CampaignsService } from '../campaigns';
import type { CatalogService } from '../catalog';
import type { MerchantsService } from '../merchants';
import { type CartLine, type PricedCart, type Promotion, priceCart, type Scenario } from '../pricing';
import { CAMPAIGN_CURRENCY, type VenueItem } from './model';
import type { QuoteInput, VenueQuery } from './schemas';
import { findRules, venuePage } from './store';

export interface VenueDeps {
  db: Kysely<DB>;
  clock: Clock;
  campaigns: Pick<CampaignsService, 'get'>;
  merchants: Pick<MerchantsService, 'namesOf'>;
  catalog: Pick<CatalogService, 'skuInfos'>;
}

/** The item-layer promotion that turns a SKU's list price into its campaign price. */
export const campaignPriceId = (sku: string) => `campaign_price.${sku}`;

const inForce = (p: Promotion, now: Date) =>
  (!p.startsAt || Date.parse(p.startsAt) <= now.getTime()) &&
  (!p.endsAt || now.getTime() < Date.parse(p.endsAt));

/**
 * The venue (会场): approved SKUs at their campaign prices, public once the campaign is, and
 * a quote that prices a cart of them with the pricing engine.
 */
export function createVenueService({ db, clock, campaigns, merchants, catalog }: VenueDeps) {
  async function list(idOrSlug: string, actor: Actor | null, query: VenueQuery) {
    const campaign = await campaigns.get(idOrSlug, actor);
    const page = await venuePage(db, campaign.id, query);
    const [skus, stores] = await Promise.all([
      catalog.skuInfos(page.rows.map((r) => r.sku_id)),
      merchants.namesOf([...new Set([...page.rows.map((r) => r.store_id), ...page.stores.map((s) => s.id)])]),
    ]);
    const items: VenueItem[] = page.rows.map((r) => {
      const sku = skus.get(r.sku_id);
      const store = stores.get(r.store_id);
      return {
        nominationId: r.id,
        sku: r.sku_id,
        productId: sku?.productId ?? '',
        title: r.title,
        attributes: sku?.attributes ?? {},
        category: r.category,
        imageUrl: sku?.imageUrl ?? null,
        store: { id: r.store_id, name: store?.name ?? r.store_id },
        listPrice: sku?.price ?? Number(r.campaign_price),
        campaignPrice: Number(r.campaign_price),
        campaignStock: r.campaign_stock,
        currency: store?.currency ?? CAMPAIGN_CURRENCY,
      };
    });
    return {
      campaign: {
        id: campaign.id,
        slug: campaign.slug,
        title: campaign.title,
        status: campaign.status,
        theme: campaign.theme,
      },
      items,
      total: page.total,
      facets: {
        categories: page.categories,
        stores: page.stores.map((s) => ({ ...s, name: stores.get(s.id)?.name ?? s.id })),
      },
    };
  }

  /** Promotions not yet over, each marked whether it is in force now. */
  async function promotions(idOrSlug: string, actor: Actor | null) {
    const campaign = await campaigns.get(idOrSlug, actor);
    const rules = await findRules(db, campaign.id);
    const now = clock.now();
    const list = (rules?.promotions ?? []).filter((p) => !p.endsAt || now.getTime() < Date.parse(p.endsAt));
    return {
      currency: CAMPAIGN_CURRENCY,
      now: now.toISOString(),
      promotions: list.map((p) => ({
        ...p,
        inForce: inForce(p, now),
        required: rules?.required_promotion_ids.includes(p.id) ?? false,
      })),
    };
  }

  /**
   * Prices a cart of venue SKUs: each line at its list price with an item-layer fixed_price
   * promotion to its campaign price, then the campaign's promotions, each narrowed to the
   * stores that committed to it. The engine's notApplied and hints (凑单) come back unchanged.
   */
  async function quote(idOrSlug: string, actor: Actor | null, input: QuoteInput) {
    const campaign = await campaigns.get(idOrSlug, actor);
    const skuIds = [...new Set(input.lines.map((l) => l.sku))];
    const approved = await db
      .selectFrom('nominations')
      .select(['sku_id', 'store_id', 'campaign_price', 'title', 'enrollment_id'])
      .where('campaign_id', '=', campaign.id)
      .where('status', '=', 'approved')
      .where('sku_id', 'in', skuIds)
      .execute();
    const bySku = new Map(approved.map((a) => [a.sku_id, a]));
    input.lines.forEach((l, i) => {
      if (!bySku.has(l.sku))
        throw unprocessable('SKU_NOT_IN_VENUE', `lines.${i}.sku: ${l.sku} is not on sale in this campaign`, {
          field: `lines.${i}.sku`,
          sku: l.sku,
        });
    });
    const infos = await catalog.skuInfos(skuIds);
    const rules = await findRules(db, campaign.id);
    const enrollments = await db
      .selectFrom('enrollments')
      .select(['store_id', 'committed_promotion_ids'])
      .where('campaign_id', '=', campaign.id)
      .execute();

    const campaignPromotions: Promotion[] = [];
    for (const p of rules?.promotions ?? []) {
      // The platform funds its own layer; store and cross-store promotions are funded by the stores that committed.
      if (p.layer === 'platform' || p.layer === 'item') {
        campaignPromotions.push(p);
        continue;
      }
      const committed = enrollments
        .filter((e) => e.committed_promotion_ids.includes(p.id))
        .map((e) => e.store_id);
      const stores = p.stores ? p.stores.filter((s) => committed.includes(s)) : committed;
      // A promotion no enrolled store funds covers nothing; leave it out rather than pass an empty list.
      if (stores.length > 0) campaignPromotions.push({ ...p, stores });
    }
    const lines: CartLine[] = input.lines.map((l, i) => {
      const a = bySku.get(l.sku)!;
      const info = infos.get(l.sku);
      return {
        id: `l${i + 1}`,
        sku: l.sku,
        store: a.store_id,
        unitPrice: info?.price ?? Number(a.campaign_price),
        quantity: l.quantity,
      };
    });
    const fixedPrices: Promotion[] = skuIds.map((sku) => ({
      id: campaignPriceId(sku),
      layer: 'item',
      type: 'fixed_price',
      price: Number(bySku.get(sku)!.campaign_price),
      skus: [sku],
    }));
    const scenario: Scenario = {
      currency: CAMPAIGN_CURRENCY,
      now: clock.now().toISOString(),
      promotions: [...fixedPrices, ...campaignPromotions],
      customer: {
        id: actor?.userId ?? 'guest',
        coupons: input.coupons ?? [],
        allowanceBalance: input.allowanceBalance ?? 0,
      },
      lines,
    };
    const cart: PricedCart = priceCart(scenario);
    const stores = await merchants.namesOf([...new Set(approved.map((a) => a.store_id))]);
    return {
      ...cart,
      items: lines.map((l) => {
        const info = infos.get(l.sku);
        return {
          lineId: l.id,
          sku: l.sku,
          title: bySku.get(l.sku)!.title,
          attributes: info?.attributes ?? {},
          store: { id: l.store, name: stores.get(l.store)?.name ?? l.store },
          quantity: l.quantity,
          listPrice: l.unitPrice,
          campaignPrice: Number(bySku.get(l.sku)!.campaign_price),
        };
      }),
    };
  }

  return { list, promotions, quote };
}

export type VenueService = ReturnType<typeof createVenueService>;
