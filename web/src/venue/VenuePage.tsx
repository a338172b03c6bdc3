import { ArrowLeftOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Input,
  Pagination,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { analyticsApi } from '../analytics/api';
import { isApiError } from '../api';
import { NotFound } from '../app/NotFound';
import { useAsync } from '../app/useAsync';
import { useNarrow } from '../app/useNarrow';
import { useSession } from '../auth/session';
import { usePromotionNames } from '../cart/promotion-names';
import { useServerCart } from '../cart/useServerCart';
import { charityApi, originsApi } from '../charity/api';
import { CharityBadge } from '../charity/CharityBadge';
import { OriginTag } from '../charity/OriginTag';
import { merchantApi, type Quote, type VenueItem } from '../merchant/api';
import { describePromotion, useText, yuan } from '../merchant/format';
import { type AnonLine, anonCart } from '../shopper/anon-cart';
import { CouponCentre } from '../shopper/CouponCentre';
import { AnonCartPanel } from './AnonCartPanel';
import { FlashStrip } from './FlashStrip';
import { ProductDrawer } from './ProductDrawer';
import { ServerCartPanel } from './ServerCartPanel';
import { VenueCartBar } from './VenueCartBar';
import './venue.css';

const PAGE = 24;
const PALETTE = ['#ff7a45', '#f759ab', '#9254de', '#36cfc9', '#73d13d', '#ffa940', '#597ef7'];
const colorOf = (s: string) => PALETTE[[...s].reduce((n, c) => n + c.charCodeAt(0), 0) % PALETTE.length];

/**
 * 会场: the campaign's approved SKUs at campaign prices (list price struck through), filtered
 * by category and store, with a small cart priced by the quote API: total, discounts, and
 * the 凑单 hint ("add ¥141 more to save ¥50").
 */
export function VenuePage() {
  const { slug = '' } = useParams();
  const { zh, l, pick } = useText();
  const [params, setParams] = useSearchParams();
  const category = params.get('category') ?? undefined;
  const store = params.get('store') ?? undefined;
  const q = params.get('q') ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const [search, setSearch] = useState(q ?? '');
  const [cart, setCart] = useState<AnonLine[]>([]);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  // A signed-in consumer's cart lives on the server (and goes to checkout); a visitor's is a local quote.
  const { user } = useSession();
  const consumer = user?.role === 'consumer';
  const narrow = useNarrow();

  const venue = useAsync(
    () => merchantApi.venue(slug, { category, store, q, limit: PAGE, offset: (page - 1) * PAGE }),
    [slug, category, store, q, page],
  );
  const promotions = useAsync(() => merchantApi.promotions(slug), [slug]);
  const skuIds = (venue.data?.items ?? []).map((it) => it.sku).join(',');
  // 公益宝贝 badges for the SKUs on this page (the public charity API; none when it fails).
  const badges = useAsync(() => charityApi.badges(skuIds ? skuIds.split(',') : []).catch(() => []), [skuIds]);
  const categories = useAsync(() => merchantApi.categories(), []);
  // 助农: farm stores' items carry their origin (产地); none when the call fails.
  const origins = useAsync(() => originsApi.farmStores().catch(() => new Map()), []);
  const server = useServerCart(venue.data?.campaign.id, consumer);
  const names = usePromotionNames(consumer ? venue.data?.campaign.id : undefined);
  const productId = params.get('product');
  const categoryName = (code: string) => {
    const c = categories.data?.find((x) => x.code === code);
    return c ? pick(c.name) : code;
  };

  // A signed-in visitor's view feeds 生意参谋's visitors and conversion (per campaign, and per store when
  // the venue is filtered to one). Best effort: a lost view must never disturb shopping.
  const campaignId = venue.data?.campaign.id;
  // A visitor's cart is kept in this browser until they sign in (then merged: shopper/anon-cart.ts).
  const reloadServer = server.reload;
  useEffect(() => {
    if (!campaignId) return;
    if (!consumer) setCart(anonCart.get(campaignId));
    // Signed in some other way (sign-up, another tab): what the visitor kept joins the cart here.
    else if (anonCart.get(campaignId).length > 0) void anonCart.mergeIntoServer().then(reloadServer);
  }, [campaignId, consumer, reloadServer]);
  const keep = (next: AnonLine[]) => {
    setCart(next);
    if (campaignId) anonCart.set(campaignId, next);
  };
  useEffect(() => {
    if (!user || !campaignId) return;
    analyticsApi.visit({ campaignId, ...(store ? { storeId: store } : {}) }).catch(() => undefined);
  }, [user, campaignId, store]);

  const lines = useMemo(() => cart.map((c) => ({ sku: c.item.sku, quantity: c.quantity })), [cart]);
  useEffect(() => {
    if (lines.length === 0) {
      setQuote(null);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      merchantApi.quote(slug, lines).then(
        (r) => {
          if (stale) return;
          setQuote(r);
          setQuoteError(null);
        },
        (e) => {
          if (!stale) setQuoteError(isApiError(e) ? e.message : String(e));
        },
      );
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [slug, lines]);

  const setParam = (key: string, value: string | undefined) =>
    setParams((p) => {
      const next = Object.fromEntries(p);
      if (value) next[key] = value;
      else delete next[key];
      if (key !== 'page') delete next.page;
      return next;
    });

  const add = (item: VenueItem) =>
    consumer
      ? void server.add(item.sku)
      : keep(
          cart.some((x) => x.item.sku === item.sku)
            ? cart.map((x) => (x.item.sku === item.sku ? { ...x, quantity: x.quantity + 1 } : x))
            : [...cart, { item, quantity: 1 }],
        );

  if (venue.error) {
    if (isApiError(venue.error) && venue.error.status === 404)
      return <NotFound title={l('会场不存在或尚未开放', 'No such venue, or not open yet')} />;
    return <Alert type="error" showIcon title={String(venue.error)} />;
  }
  const data = venue.data;
  if (!data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const color = data.campaign.theme?.primaryColor ?? '#ff5000';
  const promoName = (id: string) => {
    const p = promotions.data?.find((x) => x.id === id);
    if (p) return describePromotion(p, zh);
    if (id.startsWith('campaign_price.')) return l('活动价', 'Campaign price');
    return names.name(id);
  };
  // Only a live campaign sells (the cart API refuses the rest: CAMPAIGN_NOT_LIVE).
  const status = data.campaign.status;
  const selling = status === 'live';
  const product = productId ? data.items.filter((i) => i.productId === productId) : [];
  const storeName = (id: string) => data.facets.stores.find((s) => s.id === id)?.name;

  return (
    <div data-testid="venue-page" data-slug={data.campaign.slug}>
      <Link
        to={`/events/${data.campaign.slug}`}
        style={{ display: 'inline-block', marginBottom: 12, color: '#595959' }}
      >
        <ArrowLeftOutlined /> {l('活动详情', 'Event details')}
      </Link>
      <header className="venue-banner" style={{ background: `linear-gradient(120deg, ${color}, #ff9c6e)` }}>
        <div>{l('官方会场', 'Official venue')}</div>
        <h1 data-testid="venue-title">{pick(data.campaign.title)}</h1>
        <Space wrap className="venue-promos">
          {(promotions.data ?? []).map((p) => (
            <Tag key={p.id} data-testid="venue-promotion">
              {describePromotion(p, zh)}
            </Tag>
          ))}
        </Space>
      </header>

      {!selling && (
        <Alert
          type={status === 'published' ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="venue-not-live"
          data-status={status}
          title={
            status === 'published'
              ? l(
                  '活动尚未开始，开售后即可加购下单，先逛逛、领好券吧',
                  'Not on sale yet: browse now and claim coupons; buying opens when the sale starts',
                )
              : l(
                  '活动已结束，会场商品不再以活动价销售',
                  'This event has ended: its items are no longer sold at campaign prices',
                )
          }
        />
      )}
      {(selling || status === 'published') && (
        <CouponCentre
          campaignId={data.campaign.id}
          storeName={storeName}
          onClaimed={() => {
            names.reloadCoupons();
            server.reload();
          }}
        />
      )}

      <FlashStrip campaignId={data.campaign.id} />

      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          data-testid="venue-category"
          allowClear
          style={{ minWidth: 160 }}
          placeholder={l('全部类目', 'All categories')}
          value={category}
          onChange={(v) => setParam('category', v)}
          options={data.facets.categories.map((c) => ({
            value: c.code,
            label: `${categoryName(c.code)} (${c.count})`,
          }))}
        />
        <Select
          data-testid="venue-store"
          allowClear
          style={{ minWidth: 180 }}
          placeholder={l('全部店铺', 'All stores')}
          value={store}
          onChange={(v) => setParam('store', v)}
          options={data.facets.stores.map((s) => ({ value: s.id, label: `${s.name} (${s.count})` }))}
        />
        <Input.Search
          data-testid="venue-search"
          allowClear
          style={{ width: 220 }}
          placeholder={l('搜索商品', 'Search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setParam('q', v.trim() || undefined)}
        />
        <Typography.Text type="secondary">{l(`共 ${data.total} 件`, `${data.total} items`)}</Typography.Text>
      </Space>

      <ProductDrawer
        items={product}
        open={product.length > 0}
        initialSku={params.get('sku')}
        selling={selling}
        onClose={() =>
          setParams((p) => {
            const next = Object.fromEntries(p);
            delete next.product;
            delete next.sku;
            return next;
          })
        }
        onAdd={(item) => add(item)}
      />

      <div className="venue-layout">
        <section>
          {data.items.length === 0 ? (
            <Empty description={l('暂无商品', 'Nothing here yet')} />
          ) : (
            <div className="venue-grid">
              {data.items.map((it) => (
                <Card key={it.sku} className="venue-card" data-testid="venue-item" data-sku={it.sku}>
                  <div className="venue-card-image" style={{ background: colorOf(it.category) }}>
                    {it.imageUrl ? <img src={it.imageUrl} alt="" /> : it.title.slice(0, 1)}
                  </div>
                  <button
                    type="button"
                    className="venue-card-title venue-card-link"
                    data-testid="venue-item-open"
                    onClick={() =>
                      setParams((p) => ({ ...Object.fromEntries(p), product: it.productId, sku: it.sku }))
                    }
                  >
                    {it.title}
                  </button>
                  {badges.data
                    ?.filter((b) => b.skuId === it.sku)
                    .map((b) => (
                      <div key={b.skuId} style={{ margin: '2px 0' }}>
                        <CharityBadge rule={b} project={b.project} />
                      </div>
                    ))}
                  {origins.data?.get(it.store.id) && (
                    <div style={{ margin: '2px 0' }}>
                      <OriginTag origin={origins.data.get(it.store.id)!} />
                    </div>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {Object.values(it.attributes).join(' / ') || '—'} · {it.store.name}
                  </Typography.Text>
                  <div style={{ margin: '6px 0' }}>
                    <span className="venue-price" data-testid="venue-campaign-price">
                      {yuan(it.campaignPrice)}
                    </span>
                    {it.listPrice > it.campaignPrice && (
                      <span className="venue-list-price">{yuan(it.listPrice)}</span>
                    )}
                  </div>
                  {selling ? (
                    <Button
                      block
                      type="primary"
                      ghost
                      icon={<ShoppingCartOutlined />}
                      onClick={() => add(it)}
                      data-testid={`add-${it.sku}`}
                    >
                      {l('加入购物车', 'Add to cart')}
                    </Button>
                  ) : (
                    <Button block disabled data-testid="venue-not-selling">
                      {status === 'published' ? l('即将开售', 'Coming soon') : l('已结束', 'Ended')}
                    </Button>
                  )}
                </Card>
              ))}
            </div>
          )}
          {data.total > PAGE && (
            <Pagination
              style={{ marginTop: 16 }}
              current={page}
              pageSize={PAGE}
              total={data.total}
              onChange={(p) => setParam('page', String(p))}
              showSizeChanger={false}
            />
          )}
        </section>

        {consumer ? (
          <ServerCartPanel
            cart={server.cart}
            busy={server.busy}
            nameOf={promoName}
            onQuantity={server.setQuantity}
          />
        ) : (
          <AnonCartPanel
            campaignId={data.campaign.id}
            lines={cart}
            quote={quote}
            quoteError={quoteError}
            nameOf={promoName}
            onChange={keep}
          />
        )}
      </div>
      {narrow &&
        (consumer ? (
          <VenueCartBar
            count={server.cart?.items.reduce((s, i) => s + i.quantity, 0) ?? 0}
            total={server.cart?.total ?? null}
          />
        ) : (
          <VenueCartBar count={cart.reduce((s, c) => s + c.quantity, 0)} total={quote?.total ?? null} />
        ))}
    </div>
  );
}

export default VenuePage;
