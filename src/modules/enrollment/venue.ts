import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { unprocessable } from '../../platform/errors';
import type { DB } from '../../schema';
import type { CampaignsService } from '../campaigns';
import type { CatalogService } from '../catalog';
import { skuInfosIn } from '../catalog';
import type { MerchantsService } from '../merchants';
import {
  type CartLine,
  type Customer,
  type PricedCart,
  type Promotion,
  priceCart,
  type Scenario,
} from '../pricing';
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
    const venue = await venueScenario(db, {
      campaignId: campaign.id,
      lines: input.lines,
      customer: {
        id: actor?.userId ?? 'guest',
        coupons: input.coupons ?? [],
        allowanceBalance: input.allowanceBalance ?? 0,
      },
      now: clock.now(),
    });
    const first = venue.missing[0];
    if (first)
      throw unprocessable(
        'SKU_NOT_IN_VENUE',
        `lines.${first.index}.sku: ${first.sku} is not on sale in this campaign`,
        { field: `lines.${first.index}.sku`, sku: first.sku },
      );
    const cart: PricedCart = priceCart(venue.scenario);
    const stores = await merchants.namesOf([...new Set(venue.lines.map((l) => l.store))]);
    return {
      ...cart,
      items: venue.lines.map((l) => ({
        lineId: l.id,
        sku: l.sku,
        title: l.title,
        attributes: l.attributes,
        store: { id: l.store, name: stores.get(l.store)?.name ?? l.store },
        quantity: l.quantity,
        listPrice: l.unitPrice,
        campaignPrice: l.campaignPrice,
      })),
    };
  }

  return { list, promotions, quote };
}

export type VenueService = ReturnType<typeof createVenueService>;

/** A cart line as the venue prices it: list price, with what the venue knows of the SKU. */
export interface VenueLine extends CartLine {
  nominationId: string;
  title: string;
  attributes: Record<string, string>;
  campaignPrice: number;
}

export interface VenueScenario {
  /** Ready for priceCart: campaign prices, the campaign's promotions, `extraPromotions`. */
  scenario: Scenario;
  /** The lines on sale, in input order, ids `l1`, `l2`, ... by input position. */
  lines: VenueLine[];
  /** Input lines whose SKU is not approved in the campaign (left out of the scenario). */
  missing: { index: number; sku: string }[];
  /** Pre-sale: what happens to a deposit whose balance is not paid in its window. */
  depositRule: 'forfeit' | 'refund';
}

/** What the venue knows of a campaign apart from its SKUs: its promotions as the venue prices them. */
export interface VenueRules {
  /** The campaign's promotions, store and cross-store ones narrowed to the stores that committed. */
  promotions: Promotion[];
  depositRule: 'forfeit' | 'refund';
}

/** An approved SKU of a campaign as the venue sells it. */
export interface VenueSku {
  nominationId: string;
  store: string;
  campaignPrice: number;
  title: string;
  /** The SKU's list price (the campaign price when the catalog has no row for it). */
  listPrice: number;
  attributes: Record<string, string>;
}

/** The campaign's rules and enrollments, read and narrowed: two queries, run through `db`. */
export async function loadVenueRules(db: Kysely<DB>, campaignId: string): Promise<VenueRules> {
  const [rules, enrollments] = await Promise.all([
    findRules(db, campaignId),
    db
      .selectFrom('enrollments')
      .select(['store_id', 'committed_promotion_ids'])
      .where('campaign_id', '=', campaignId)
      .execute(),
  ]);
  const promotions: Promotion[] = [];
  for (const p of rules?.promotions ?? []) {
    // The platform funds its own layer; store and cross-store promotions are funded by the stores that committed.
    if (p.layer === 'platform' || p.layer === 'item') {
      promotions.push(p);
      continue;
    }
    const committed = enrollments
      .filter((e) => e.committed_promotion_ids.includes(p.id))
      .map((e) => e.store_id);
    const stores = p.stores ? p.stores.filter((s) => committed.includes(s)) : committed;
    // A promotion no enrolled store funds covers nothing; leave it out rather than pass an empty list.
    if (stores.length > 0) promotions.push({ ...p, stores });
  }
  return { promotions, depositRule: rules?.deposit_rule ?? 'forfeit' };
}

/** The approved SKUs of a campaign among `skuIds` with their catalog data: two queries. */
export async function loadVenueSkus(
  db: Kysely<DB>,
  campaignId: string,
  skuIds: readonly string[],
): Promise<Map<string, VenueSku>> {
  if (skuIds.length === 0) return new Map();
  const [approved, infos] = await Promise.all([
    db
      .selectFrom('nominations')
      .select(['id', 'sku_id', 'store_id', 'campaign_price', 'title'])
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'approved')
      .where('sku_id', 'in', [...skuIds])
      .execute(),
    skuInfosIn(db, skuIds),
  ]);
  return new Map(
    approved.map((a) => {
      const info = infos.get(a.sku_id);
      return [
        a.sku_id,
        {
          nominationId: a.id,
          store: a.store_id,
          campaignPrice: Number(a.campaign_price),
          title: a.title,
          listPrice: info?.price ?? Number(a.campaign_price),
          attributes: info?.attributes ?? {},
        },
      ];
    }),
  );
}

export interface VenueScenarioInput {
  campaignId: string;
  lines: readonly { sku: string; quantity: number }[];
  customer: Customer;
  now: Date;
  extraPromotions?: readonly Promotion[];
}

/**
 * The venue's pricing scenario for a cart of (sku, quantity) lines: each line at its list price
 * with an item-layer fixed_price promotion (`campaignPriceId(sku)`) to its campaign price, then
 * the campaign's promotions, store and cross-store ones narrowed to the stores that committed
 * to them, then `extraPromotions` (held coupons). Pure: the rules and SKUs come read.
 */
export function buildVenueScenario(
  rules: VenueRules,
  skus: ReadonlyMap<string, VenueSku>,
  input: VenueScenarioInput,
): VenueScenario {
  const missing: VenueScenario['missing'] = [];
  const lines: VenueLine[] = [];
  input.lines.forEach((l, i) => {
    const a = skus.get(l.sku);
    if (!a) {
      missing.push({ index: i, sku: l.sku });
      return;
    }
    lines.push({
      id: `l${i + 1}`,
      sku: l.sku,
      store: a.store,
      unitPrice: a.listPrice,
      quantity: l.quantity,
      nominationId: a.nominationId,
      title: a.title,
      attributes: a.attributes,
      campaignPrice: a.campaignPrice,
    });
  });
  const fixedPrices: Promotion[] = [...new Set(lines.map((l) => l.sku))].map((sku) => ({
    id: campaignPriceId(sku),
    layer: 'item',
    type: 'fixed_price',
    price: skus.get(sku)!.campaignPrice,
    skus: [sku],
  }));
  const scenario: Scenario = {
    currency: CAMPAIGN_CURRENCY,
    now: input.now.toISOString(),
    promotions: [...fixedPrices, ...rules.promotions, ...(input.extraPromotions ?? [])],
    customer: input.customer,
    lines: lines.map(({ id, sku, store, unitPrice, quantity }) => ({ id, sku, store, unitPrice, quantity })),
  };
  return { scenario, lines, missing, depositRule: rules.depositRule };
}

/**
 * The venue's scenario (buildVenueScenario) read fresh through `db`, so a checkout can build it
 * inside its own transaction. The quote and the cart view price with this.
 */
export async function venueScenario(db: Kysely<DB>, input: VenueScenarioInput): Promise<VenueScenario> {
  const skuIds = [...new Set(input.lines.map((l) => l.sku))];
  const [rules, skus] = await Promise.all([
    loadVenueRules(db, input.campaignId),
    loadVenueSkus(db, input.campaignId, skuIds),
  ]);
  return buildVenueScenario(rules, skus, input);
}
